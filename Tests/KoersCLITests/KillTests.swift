#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// `koers report` killed outright (SIGKILL, which nothing can catch) at many moments, from
/// before any rule runs to the swap of the folders: the output folder always holds one whole
/// report, the old one or the new one, exactly the files its manifest lists, and the next run
/// removes any build folder the killed one left.
@Suite("koers report killed at any moment")
final class KillTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Every regular file under `root`, relative to it.
    static func files(_ root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var out: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                out.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        return out.sorted()
    }

    /// The report in `r`: its formats by its manifest, after checking that the folder holds
    /// exactly the files the manifest lists.
    func wholeReport() throws -> [String] {
        let r = folder.appendingPathComponent("r")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: r.appendingPathComponent("koers-manifest.json"))) as? [String: Any])
        #expect(Self.files(r) == (manifest["files"] as? [String] ?? []), "the folder is not exactly one report")
        return manifest["formats"] as? [String] ?? []
    }

    @Test func theFolderHoldsTheOldReportOrTheNewOneWhole() throws {
        let arguments = ["report", "--workspace", ReportCommandTests.repository.path, "--as-of", "2026-11-23", "--out", "r"]
        #expect(try KoersProcess.run(arguments + ["--format", "json"], in: folder).status == 0)
        let start = ContinuousClock.now
        #expect(try KoersProcess.run(arguments + ["--format", "html,markdown,json"], in: folder).status == 0)
        let duration = ContinuousClock.now - start
        #expect(try wholeReport() == ["html", "markdown", "json"])
        var seen = Set<[String]>()
        // Kill moments spread over a whole run, from at once to after it would have finished.
        for step in 0..<24 {
            let next = step % 2 == 0 ? ["json"] : ["html", "markdown", "json"]
            let process = Process()
            process.executableURL = KoersProcess.executable
            process.arguments = arguments + ["--format", next.joined(separator: ",")]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = duration * (Double(step) / 20)
            usleep(UInt32(max(0, delay / .microseconds(1))))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let formats = try wholeReport()
            #expect(formats == ["json"] || formats == ["html", "markdown", "json"], "step \(step): \(formats)")
            seen.insert(formats)
        }
        #expect(seen.count == 2, "the kills never left the new report, or never the old one: \(seen)")
        // A killed run may leave its build folder beside r; the next run removes it.
        #expect(try KoersProcess.run(arguments + ["--format", "json"], in: folder).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r"])
    }
}

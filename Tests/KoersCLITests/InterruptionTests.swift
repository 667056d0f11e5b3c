#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// `koers report` printing a PDF with a browser that hangs: stopped after its time, or when Koers
/// is interrupted, with every process it started, and the folder still holding the old report
/// whole, with no build folder left beside it.
@Suite("koers report when the browser hangs or Koers is interrupted")
final class InterruptionTests {
    let folder: URL
    let pids: URL
    let browser: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-interrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        pids = folder.appendingPathComponent("pids.txt")
        browser = folder.appendingPathComponent("browser.sh")
        // A browser that never finishes printing, with a helper process of its own; both write
        // their process ids so the test can check they are gone.
        try Data("""
            #!/bin/sh
            echo $$ >> '\(pids.path)'
            sleep 300 &
            echo $! >> '\(pids.path)'
            wait
            """.utf8).write(to: browser)
        chmod(browser.path, 0o755)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func report(_ extra: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try KoersProcess.run(["report", "--workspace", ReportCommandTests.repository.path, "--as-of", "2026-11-23", "--out", "r"] + extra,
                             in: folder, environment: environment)
    }

    /// The process ids the fake browser wrote that still run (a zombie, killed and waiting for a
    /// parent that does not reap it, does not run).
    func survivors() throws -> [Int32] {
        let text = (try? String(contentsOf: pids, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { Int32($0) }.filter { pid in
            guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            return state != "Z" && state != "X"
        }
    }

    func expectOldReportWhole() throws {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("r/koers-manifest.json"))) as? [String: Any]
        #expect(manifest?["formats"] as? [String] == ["json"], "the old report is not the one in the folder")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("r").path).sorted() == ["koers-manifest.json", "report.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") }, "a build folder was left")
    }

    @Test func aBrowserThatDoesNotFinishIsStoppedWithItsHelpers() throws {
        #expect(try report(["--format", "json"]).status == 0)
        let result = try report(["--format", "json,pdf"], environment: ["KOERS_CHROMIUM": browser.path, "KOERS_PRINT_TIMEOUT": "2"])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("did not finish printing within 2 seconds; it was stopped"), "\(result.stderr)")
        usleep(200_000)
        #expect(try survivors().isEmpty, "processes of the browser outlived Koers")
        try expectOldReportWhole()
    }

    @Test func aTerminatedKoersStopsTheBrowserAndLeavesTheOldReport() throws {
        #expect(try report(["--format", "json"]).status == 0)
        let process = Process()
        process.executableURL = KoersProcess.executable
        process.arguments = ["report", "--workspace", ReportCommandTests.repository.path, "--as-of", "2026-11-23", "--out", "r", "--format", "json,pdf"]
        process.environment = ProcessInfo.processInfo.environment.merging(["KOERS_CHROMIUM": browser.path]) { _, new in new }
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the browser and its helper run (the report is then being printed).
        for _ in 0..<600 where ((try? String(contentsOf: pids, encoding: .utf8)) ?? "").split(separator: "\n").count < 2 {
            usleep(50_000)
        }
        #expect(try survivors().count == 2, "the fake browser did not start")
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        usleep(200_000)
        #expect(try survivors().isEmpty, "processes of the browser outlived Koers")
        try expectOldReportWhole()
    }
}

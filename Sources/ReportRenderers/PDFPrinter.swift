import Foundation

/// Prints the HTML report to PDF with a headless Chromium, which lays out the same CSS print
/// style a reader gets from "Print" in the browser (A4, summary on the first page).
public struct PDFPrinter: Sendable {
    /// Why no PDF was made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The browser's executable.
    public let browser: URL

    /// The first Chromium found: `$KOERS_CHROMIUM`, else `chromium`, `chromium-browser`,
    /// `google-chrome` or `google-chrome-stable` on `PATH`. `nil` when none is installed.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> PDFPrinter? {
        if let given = environment["KOERS_CHROMIUM"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? PDFPrinter(browser: URL(fileURLWithPath: given)) : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return PDFPrinter(browser: URL(fileURLWithPath: folder + "/" + name))
            }
        }
        return nil
    }

    /// How to get a browser, for the message when there is none.
    public static let installHint = "install Chromium (Debian: apt-get install -y chromium; scripts/ensure-dependencies.sh does it), or set KOERS_CHROMIUM to a Chrome or Chromium executable"

    public init(browser: URL) { self.browser = browser }

    /// Prints `html` to `pdf`. The browser's profile lives in `scratch`, which the caller
    /// removes: nothing is written outside the output folder. The PDF's creation dates are set
    /// to `day` (`YYYYMMDD`), so the same report prints to the same bytes.
    public func print(html: URL, to pdf: URL, scratch: URL, day: String) throws(Failure) {
        let process = Process()
        process.executableURL = browser
        process.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--allow-file-access-from-files",
            "--user-data-dir=\(scratch.path)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = scratch.path
        environment["XDG_CONFIG_HOME"] = scratch.path
        environment["XDG_CACHE_HOME"] = scratch.path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw Failure(description: "cannot start \(browser.path): \(error.localizedDescription)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, var bytes = FileManager.default.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8)) else {
            let said = String(decoding: output, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: "\n")
            throw Failure(description: "\(browser.lastPathComponent) did not print the report (exit \(process.terminationStatus))" + (said.isEmpty ? "" : ":\n\(said)"))
        }
        Self.fixDates(in: &bytes, day: day)
        do { try bytes.write(to: pdf) } catch { throw Failure(description: "cannot write \(pdf.path): \(error.localizedDescription)") }
    }

    /// Replaces every `D:YYYYMMDDHHMMSS` in the PDF with the report's day at midnight. The
    /// replacement has the same length, so the PDF's byte offsets stay valid.
    public static func fixDates(in bytes: inout Data, day: String) {
        let marker = Array("(D:".utf8)
        let replacement = Array((day + "000000").utf8)
        guard replacement.count == 14 else { return }
        var index = bytes.startIndex
        while let range = bytes[index...].firstRange(of: marker) {
            let start = range.upperBound
            let end = bytes.index(start, offsetBy: 14, limitedBy: bytes.endIndex) ?? bytes.endIndex
            if end - start == 14, bytes[start..<end].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                bytes.replaceSubrange(start..<end, with: replacement)
            }
            index = end
        }
    }
}

import Crypto
import FileAccess
import Foundation

/// A file a party sends as evidence that a route meets a legal requirement: a PDF, Word or
/// Excel document, or a PNG or JPEG picture, of at most 10 MB, its type recognised by its
/// content (not by its name or the browser's say-so).
///
/// The file is kept by its SHA-256 in the workspace's `.koers/evidence/` (beside the portal's
/// database, outside the report the portal serves); a submission names it by its
/// ``descriptor``, and the approved row's `evidence` says its name, type and hash, so that the
/// file the programme team approved can always be found and checked.
public struct EvidenceFile: Sendable, Equatable {
    /// The types accepted, recognised by their first bytes.
    public enum Kind: String, Sendable, CaseIterable {
        case pdf = "PDF", docx = "DOCX", xlsx = "XLSX", png = "PNG", jpeg = "JPEG"

        /// The media type it is served with to the programme team.
        public var mediaType: String {
            switch self {
            case .pdf: "application/pdf"
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            }
        }

        /// What the content is, or nil for anything else. A Word or Excel file is a ZIP archive
        /// whose entries name `word/` or `xl/` parts (entry names are stored uncompressed).
        public static func of(_ bytes: [UInt8]) -> Kind? {
            func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
            if starts(Array("%PDF-".utf8)) { return .pdf }
            if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
            if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
            guard starts([0x50, 0x4B, 0x03, 0x04]) else { return nil }
            let names = String(decoding: bytes.prefix(1 << 20), as: UTF8.self)
            guard names.contains("[Content_Types].xml") else { return nil }
            if names.contains("word/document.xml") { return .docx }
            if names.contains("xl/workbook.xml") { return .xlsx }
            return nil
        }
    }

    /// The largest file accepted: 10 MB.
    public static let maximumSize = 10 * 1024 * 1024

    /// The content's SHA-256, in hex: the file's name in the store.
    public var sha256: String
    public var size: Int
    public var kind: Kind
    /// The name it had on the party's computer (for people; never used as a path).
    public var name: String

    /// How a submission's `bestand` value names the file: `sha256;size;type;name`.
    public var descriptor: String { "\(sha256);\(size);\(kind.rawValue);\(name)" }

    /// The file a descriptor names; nil for anything else.
    public init?(descriptor: String) {
        let parts = descriptor.split(separator: ";", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), let size = Int(parts[1]),
              let kind = Kind(rawValue: parts[2]) else { return nil }
        self.init(sha256: parts[0], size: size, kind: kind, name: parts[3])
    }

    init(sha256: String, size: Int, kind: Kind, name: String) {
        self.sha256 = sha256
        self.size = size
        self.kind = kind
        self.name = name
    }

    /// "overeenkomst.pdf (PDF, 245 kB, sha256 1a2b3c4d5e6f)": how the approved row names it.
    public var mention: String {
        let kilobytes = max(1, (size + 512) / 1024)
        return "\(name) (\(kind.rawValue), \(kilobytes) kB, sha256 \(sha256.prefix(12)))"
    }

    /// A name safe to show and to offer for download: no path, no quotes or control characters.
    static func cleanName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && !"\";".unicodeScalars.contains($0) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "bestand" : String(clean.prefix(120))
    }
}

extension SubmissionDesk {
    /// Why a file is not accepted, in words for the form's `bestand` field; nil when it is.
    public func evidenceRefusal(size: Int, kind: EvidenceFile.Kind?) -> String? {
        if size > EvidenceFile.maximumSize {
            return language.pick("Het bestand is groter dan 10 MB; verklein het of stuur een link.",
                                 "The file is larger than 10 MB; make it smaller or send a link.")
        }
        if kind == nil {
            return language.pick("Dit bestand is geen PDF, Word (DOCX), Excel (XLSX), PNG of JPEG; Koers kijkt naar de inhoud, niet naar de naam.",
                                 "This file is not a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG; Koers looks at its content, not its name.")
        }
        return nil
    }

    /// Keeps a file sent as evidence in `.koers/evidence/<sha256>` (written whole or not at all)
    /// and returns what names it; refuses it, at the `bestand` field, when it is too large or of
    /// another type.
    public func keepEvidence(_ bytes: [UInt8], name: String) throws -> EvidenceFile {
        let kind = EvidenceFile.Kind.of(bytes)
        if let message = evidenceRefusal(size: bytes.count, kind: kind) { throw Refusal(fields: ["bestand": message]) }
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let folder = workspace.appendingPathComponent(".koers/evidence", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(hash).path
        if !FileManager.default.fileExists(atPath: path) { try AtomicFile.replace(path, with: bytes) }
        return EvidenceFile(sha256: hash, size: bytes.count, kind: kind!, name: EvidenceFile.cleanName(name))
    }

    /// The content of a kept evidence file; nil when it is not there (or the hash is not one).
    public func evidence(_ file: EvidenceFile) -> [UInt8]? {
        guard file.sha256.count == 64, file.sha256.allSatisfy(\.isHexDigit) else { return nil }
        let path = workspace.appendingPathComponent(".koers/evidence/\(file.sha256)").path
        return FileManager.default.contents(atPath: path).map(Array.init)
    }
}

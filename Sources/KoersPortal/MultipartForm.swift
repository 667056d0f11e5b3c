import Foundation
import Hummingbird
import MultipartKit

/// The parts of a multipart/form-data body (the evidence form with its file), parsed by
/// MultipartKit: each field's name, its file name when it is a file, and its content.
struct MultipartForm {
    struct Part {
        var name: String?
        var filename: String?
        var content: ByteBuffer
    }

    /// The parts in order; a malformed body is a `badRequest`.
    static func parts(of body: ByteBuffer, boundary: String) throws -> [Part] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var content = ByteBuffer()
        parser.onHeader = { headers.append(($0, $1)) }
        parser.onBody = { content.writeBuffer(&$0) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            parts.append(Part(name: parameter("name", in: disposition), filename: parameter("filename", in: disposition), content: content))
            headers = []
            content = ByteBuffer()
        }
        do { try parser.execute(body) } catch { throw HTTPError(.badRequest) }
        return parts
    }

    /// `name="bestand"` in `form-data; name="bestand"; filename="a.pdf"`.
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";") {
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix("\(key)=") else { continue }
            var value = String(pair.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

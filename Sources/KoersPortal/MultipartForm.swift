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

    /// `name="bestand"` in `form-data; name="bestand"; filename="a.pdf"`. A quoted value may hold
    /// `;` and `\`: browsers send a name as it is, only `"`, CR and LF percent-encoded (HTML's
    /// multipart/form-data encoding), so a quote always ends the value.
    static func parameter(_ key: String, in header: String) -> String? {
        var index = header.startIndex
        while index < header.endIndex {
            // One `name=value` item: the name up to `=` or `;`, then a token or a quoted string.
            while index < header.endIndex, header[index] == ";" || header[index] == " " { index = header.index(after: index) }
            let nameStart = index
            while index < header.endIndex, header[index] != "=", header[index] != ";" { index = header.index(after: index) }
            let name = header[nameStart..<index].trimmingCharacters(in: .whitespaces).lowercased()
            guard index < header.endIndex, header[index] == "=" else { continue }
            index = header.index(after: index)
            var value = ""
            if index < header.endIndex, header[index] == "\"" {
                index = header.index(after: index)
                while index < header.endIndex, header[index] != "\"" {
                    value.append(header[index])
                    index = header.index(after: index)
                }
                if index < header.endIndex { index = header.index(after: index) }
            } else {
                while index < header.endIndex, header[index] != ";" {
                    value.append(header[index])
                    index = header.index(after: index)
                }
                value = value.trimmingCharacters(in: .whitespaces)
            }
            if name == key { return value }
        }
        return nil
    }
}

import CovenantModel
import Foundation
import Hummingbird
import PortalSubmissions

/// The programme team uploads a whole state table as Excel saves it (`/beheer/import`): a dry
/// run lists what would change and whether the workspace still validates; applying it writes
/// exactly the file shown, as one change in the audit log.
extension PortalApplication {
    /// The state tables the workspace has now (an optional one may be absent).
    func existingTables() -> [String] {
        SubmissionDesk.importableFiles.filter { FileManager.default.fileExists(atPath: reports.workspace.appendingPathComponent($0).path) }
    }

    func addImportRoutes(to router: Router<PortalContext>) {
        router.get("/beheer/import") { _, context -> Response in
            guard let (_, csrf) = programmeTeam(context) else { return notFound() }
            return page(.ok, ImportPages.upload(tables: existingTables(), file: nil, preview: nil, refusal: nil, message: nil, csrf: csrf, language: language))
        }
        router.post("/beheer/import") { request, context -> Response in
            guard let (_, csrf) = programmeTeam(context) else { return notFound() }
            let posted: [String: String], upload: (name: String, bytes: [UInt8])?
            do {
                (posted, upload) = try await Self.postedForm(request)
            } catch let error as HTTPResponseError where error.status == .contentTooLarge {
                return page(.contentTooLarge, ImportPages.upload(tables: existingTables(), file: nil, preview: nil, refusal: SubmissionDesk.Refusal(fields: [
                    "bestand": language.pick("Het bestand is groter dan 10 MB; een tabel van Koers is veel kleiner. Is het de goede?",
                                             "The file is larger than 10 MB; a Koers table is much smaller. Is it the right one?")]),
                    message: nil, csrf: csrf, language: language))
            }
            guard posted["csrf"] == csrf else { return forbidden() }
            let file = posted["tabel"] ?? ""
            guard let upload, !upload.bytes.isEmpty else {
                return page(.badRequest, ImportPages.upload(tables: existingTables(), file: file, preview: nil, refusal: SubmissionDesk.Refusal(fields: [
                    "bestand": language.pick("Kies het CSV-bestand dat u in Excel hebt opgeslagen.", "Choose the CSV file you saved in Excel.")]),
                    message: nil, csrf: csrf, language: language))
            }
            do {
                let preview = try desk.previewImport(upload.bytes, file: file)
                return page(preview.errors.isEmpty ? .ok : .badRequest,
                            ImportPages.upload(tables: existingTables(), file: file, preview: preview, refusal: nil, message: nil, csrf: csrf, language: language))
            } catch let refusal as SubmissionDesk.Refusal {
                return page(.badRequest, ImportPages.upload(tables: existingTables(), file: file, preview: nil, refusal: refusal, message: nil, csrf: csrf, language: language))
            }
        }
        // A table as it is now, to edit in Excel and upload again.
        router.get("/beheer/tabel/:name") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            guard programmeTeam(context) != nil, SubmissionDesk.importableFiles.contains("state/\(name)"),
                  let bytes = FileManager.default.contents(atPath: reports.workspace.appendingPathComponent("state/\(name)").path) else { return notFound() }
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                                   .contentDisposition: "attachment; filename=\"\(name)\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.post("/beheer/import/toepassen") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context) else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            let file = form["tabel"] ?? ""
            do {
                let applied = try await desk.applyImport(sha256: form["sha256"] ?? "", file: file, tableSHA256: form["tabel_sha256"] ?? "",
                                                         by: actor, now: now)
                return page(.ok, ImportPages.upload(tables: existingTables(), file: file, preview: nil, refusal: nil, message: language.pick(
                    "\(file) is vervangen: \(applied.added.count) nieuw, \(applied.changed.count) gewijzigd, \(applied.removed.count) verwijderd. Het staat in het logboek.",
                    "\(file) is replaced: \(applied.added.count) added, \(applied.changed.count) changed, \(applied.removed.count) removed. It is in the audit log."),
                    csrf: csrf, language: language))
            } catch let refusal as SubmissionDesk.Refusal {
                return page(.badRequest, ImportPages.upload(tables: existingTables(), file: file, preview: nil, refusal: refusal, message: nil, csrf: csrf, language: language))
            }
        }
    }
}

/// The import page: the upload form, and after a dry run what it would change.
enum ImportPages {
    static func upload(tables: [String], file: String?, preview: ImportPreview?, refusal: SubmissionDesk.Refusal?, message: String?, csrf: String,
                       language: Language) -> String {
        let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(Pages.escape(csrf))\">"
        let options = SubmissionDesk.importableFiles.map {
            "<option value=\"\(Pages.escape($0))\"\($0 == file ? " selected" : "")>\(Pages.escape($0))</option>"
        }.joined()
        let downloads = tables.map { file -> String in
            let name = Pages.escape(String(file.dropFirst("state/".count)))
            return "<a href=\"/beheer/tabel/\(name)\" download>\(name)</a>"
        }.joined(separator: " · ")
        func error(_ field: String) -> String {
            refusal?.fields[field].map { "<p class=\"fout\" id=\"\(field)-fout\">\(Pages.escape($0))</p>" } ?? ""
        }
        var body = """
            \(ManagementPages.navigation(language: language))
            <h1>\(language.pick("Een tabel importeren", "Import a table"))</h1>
            <p>\(language.pick("Vervang een hele tabel door een bestand dat u in Excel hebt bewerkt en opgeslagen als 'CSV UTF-8'. "
                               + "Eerst een proefdraai: u ziet wat er verandert en of alles klopt. Pas daarna past u het toe, als één wijziging in het logboek.",
                               "Replace a whole table with a file you edited in Excel and saved as 'CSV UTF-8'. "
                               + "First a dry run: you see what changes and whether everything checks out. Only then do you apply it, as one change in the audit log."))</p>
            \(message.map { "<p class=\"gelukt\" role=\"status\">\(Pages.escape($0))</p>" } ?? "")
            \(refusal.map { $0.general.isEmpty ? "" : "<div class=\"melding\" role=\"alert\"><ul>" + $0.general.map { "<li>\(Pages.escape($0))</li>" }.joined() + "</ul></div>" } ?? "")
            <p>\(language.pick("De tabellen zoals ze nu zijn, om in Excel te bewerken:", "The tables as they are now, to edit in Excel:")) \
            \(downloads)</p>
            <form method="post" action="/beheer/import" enctype="multipart/form-data">\(hidden)
            <label for="tabel">\(language.pick("Tabel", "Table"))</label>\(error("tabel"))
            <select id="tabel" name="tabel">\(options)</select>
            <label for="bestand">\(language.pick("Bestand", "File"))</label>\(error("bestand"))
            <input type="file" id="bestand" name="bestand" accept=".csv,text/csv">
            <button type="submit">\(language.pick("Proefdraaien", "Dry run"))</button>
            </form>
            """
        if let preview {
            func list(_ title: String, _ items: [String]) -> String {
                items.isEmpty ? "" : "<h3>\(title) (\(items.count))</h3><ul class=\"lijst\">"
                    + items.prefix(500).map { "<li>\(Pages.escape($0))</li>" }.joined()
                    + (items.count > 500 ? "<li>… \(items.count - 500) \(language.pick("meer", "more"))</li>" : "") + "</ul>"
            }
            body += "<h2 id=\"proef\">\(language.pick("Proefdraai", "Dry run")): \(Pages.escape(preview.file))</h2>"
            if !preview.errors.isEmpty {
                body += "<div class=\"melding\" role=\"alert\"><p>" + language.pick("Zo kan het niet worden toegepast; verbeter het bestand en probeer het opnieuw:",
                                                                                  "It cannot be applied like this; correct the file and try again:")
                    + "</p><ul>" + preview.errors.prefix(50).map { "<li>\(Pages.escape($0))</li>" }.joined() + "</ul></div>"
            }
            body += "<p>" + language.pick("\(preview.added.count) nieuw, \(preview.changed.count) gewijzigd, \(preview.removed.count) verwijderd, \(preview.unchanged) ongewijzigd.",
                                          "\(preview.added.count) added, \(preview.changed.count) changed, \(preview.removed.count) removed, \(preview.unchanged) unchanged.") + "</p>"
            body += list(language.pick("Nieuw", "Added"), preview.added) + list(language.pick("Gewijzigd", "Changed"), preview.changed)
                + list(language.pick("Verwijderd", "Removed"), preview.removed)
            if preview.errors.isEmpty && preview.changesNothing {
                body += "<p>" + language.pick("Dit bestand is gelijk aan de tabel; er is niets toe te passen.",
                                              "This file equals the table; there is nothing to apply.") + "</p>"
            }
            if preview.errors.isEmpty && !preview.changesNothing {
                body += """
                    <form method="post" action="/beheer/import/toepassen">\(hidden)
                    <input type="hidden" name="tabel" value="\(Pages.escape(preview.file))">
                    <input type="hidden" name="sha256" value="\(Pages.escape(preview.sha256))">
                    <input type="hidden" name="tabel_sha256" value="\(Pages.escape(preview.tableSHA256))">
                    <button type="submit">\(language.pick("Toepassen", "Apply"))</button>
                    </form>
                    """
            }
        }
        return Pages.document(title: language.pick("Importeren", "Import"), body: body, language: language, wide: true)
    }
}

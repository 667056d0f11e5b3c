import CovenantModel
import PortalAccounts
import PortalStore
import PortalSubmissions
import ReportModel

/// The pages of the annual return: the school's list and form, the programme team's queue and
/// review. Same rules as ``Pages``: no script, every field labelled, errors next to their field.
enum SubmissionPages {
    /// A return's state in words; without a submission, whether the data holds one already
    /// (typed in by the programme team, or approved before the portal), `received` its day.
    static func stateName(_ state: SubmissionState?, received: Day? = nil, language: Language) -> String {
        switch state {
        case nil:
            if let received {
                language.pick("ontvangen op \(language.words.date(received)), staat in de gegevens",
                              "received on \(language.words.date(received)), in the data")
            } else {
                language.pick("nog niet ingevuld", "not filled in yet")
            }
        case .concept: language.pick("concept, nog niet ingediend", "draft, not sent yet")
        case .ingediend: language.pick("ingediend, wacht op het programmateam", "sent, awaiting the programme team")
        case .goedgekeurd: language.pick("goedgekeurd", "approved")
        case .teruggestuurd: language.pick("teruggestuurd: verbeter en dien opnieuw in", "returned: correct and send again")
        }
    }

    /// One line per school year: its state and a link to the form.
    struct YearLine {
        var year: SchoolYear
        var state: SubmissionState?
        /// The day of the return the data holds for this year, if any.
        var received: Day?
        var closed: Bool
    }

    static func list(name: String, years: [YearLine], language: Language) -> String {
        let items = years.map { line -> String in
            """
            <li><a href="/opgaven/jaaropgave/\(line.year)">\(language.pick("Jaaropgave", "Annual return")) \(line.year)</a>\
            <br>\(stateName(line.state, received: line.received, language: language))\(line.closed && line.state != .goedgekeurd
                ? " · " + language.pick("termijn verstreken", "period closed") : "")</li>
            """
        }.joined(separator: "\n")
        return Pages.document(title: language.pick("Opgaven", "Returns"), body: """
            <nav aria-label="\(language.pick("Portaal", "Portal"))" class="beheer"><a href="/">\(language.pick("Zelfcheck", "Self-check"))</a> \
            <a href="/opgaven">\(language.pick("Opgaven", "Returns"))</a></nav>
            <h1>\(language.pick("Opgaven van", "Returns of")) \(Pages.escape(name))</h1>
            <p>\(language.pick("Vul per schooljaar de jaaropgave in. Het programmateam keurt hem goed; pas dan telt hij mee in de rapportage.",
                               "Fill in the annual return per school year. The programme team approves it; only then does it count in the report."))</p>
            <ul class="lijst">\n\(items)\n</ul>
            """, language: language, wide: true)
    }

    /// The form for one school year, prefilled, with the thread and (after "Controleren") the preview.
    static func form(name: String, year: SchoolYear, values: [String: String], state: SubmissionState?, received: Day?, locked: Bool,
                     refusal: SubmissionDesk.Refusal?, preview: [PreviewLine]?, comments: [SubmissionComment], message: String?,
                     csrf: String, language: Language) -> String {
        var body = """
            <nav aria-label="\(language.pick("Portaal", "Portal"))" class="beheer"><a href="/">\(language.pick("Zelfcheck", "Self-check"))</a> \
            <a href="/opgaven">\(language.pick("Opgaven", "Returns"))</a></nav>
            <h1>\(language.pick("Jaaropgave", "Annual return")) \(year)</h1>
            <p>\(Pages.escape(name)) · \(stateName(state, received: received, language: language))</p>
            \(message.map { "<p class=\"gelukt\" role=\"status\">\(Pages.escape($0))</p>" } ?? "")
            """
        if let refusal, !refusal.general.isEmpty {
            body += "<div class=\"melding\" role=\"alert\"><ul>" + refusal.general.map { "<li>\(Pages.escape($0))</li>" }.joined() + "</ul></div>"
        }
        if let refusal, !refusal.fields.isEmpty {
            body += "<p class=\"melding\" role=\"alert\">" + language.pick("Verbeter de velden met een melding.", "Correct the fields with a message.") + "</p>"
        }
        if !comments.isEmpty {
            body += "<h2>\(language.pick("Opmerkingen", "Comments"))</h2><ul class=\"lijst\">" + comments.map {
                "<li><strong>\(Pages.escape($0.author))</strong> · \(Accounts.timestamp($0.at))<br>\(Pages.escape($0.text))</li>"
            }.joined() + "</ul>"
        }
        if let preview {
            body += "<h2 id=\"voorbeeld\">\(language.pick("Met deze opgave", "With this return"))</h2>"
            body += preview.isEmpty ? "<p>\(language.pick("Deze opgave verandert niets aan uw zelfcheck.", "This return changes nothing in your self-check."))</p>"
                : "<ul class=\"lijst\" id=\"voorbeeld-lijst\">" + preview.map { line -> String in
                    "<li><strong>\(Pages.escape(line.title))</strong><br>\(language.pick("stad", "city")): \(Pages.escape(line.cityBefore)) → "
                        + "\(Pages.escape(line.cityAfter))\(line.ownBefore == line.ownAfter ? "" : "<br>" + language.pick("uw bijdrage", "your part") + ": \(Pages.escape(line.ownBefore)) → \(Pages.escape(line.ownAfter))")</li>"
                }.joined() + "</ul>"
        }
        let fields = AnnualReturn.fields.map { field -> String in
            let error = refusal?.fields[field.column]
            let id = field.column
            let described = error == nil ? "\(id)-uitleg" : "\(id)-fout \(id)-uitleg"
            let input: String
            switch field.kind {
            case .yesNo:
                let options = [("", language.pick("onbekend", "unknown")), ("ja", language.pick("ja", "yes")), ("nee", language.pick("nee", "no"))]
                input = "<select id=\"\(id)\" name=\"\(id)\" aria-describedby=\"\(described)\"\(error == nil ? "" : " aria-invalid=\"true\"")\(locked ? " disabled" : "")>"
                    + options.map { "<option value=\"\($0.0)\"\(values[id, default: ""] == $0.0 ? " selected" : "")>\($0.1)</option>" }.joined() + "</select>"
            case .count:
                input = "<input id=\"\(id)\" name=\"\(id)\" inputmode=\"numeric\" value=\"\(Pages.escape(values[id, default: ""]))\" "
                    + "aria-describedby=\"\(described)\"\(error == nil ? "" : " aria-invalid=\"true\"")\(locked ? " readonly" : "")>"
            }
            return """
                <label for="\(id)">\(Pages.escape(field.label.text(in: language)))</label>
                <p class="uitleg" id="\(id)-uitleg">\(Pages.escape(field.help.text(in: language)))</p>
                \(error.map { "<p class=\"fout\" id=\"\(id)-fout\">\(Pages.escape($0))</p>" } ?? "")\(input)
                """
        }.joined(separator: "\n")
        body += """
            <h2>\(language.pick("De opgave", "The return"))</h2>
            <form method="post" action="/opgaven/jaaropgave/\(year)" novalidate>
            <input type="hidden" name="csrf" value="\(Pages.escape(csrf))">
            \(fields)
            """
        if locked {
            body += "<p>" + (state == .ingediend
                ? language.pick("Ingediend: het programmateam beoordeelt hem. U kunt hem nu niet wijzigen.", "Sent: the programme team reviews it. You cannot change it now.")
                : language.pick("Deze opgave is niet te wijzigen.", "This return cannot be changed.")) + "</p></form>"
        } else {
            body += """
                <label for="toelichting">\(language.pick("Toelichting voor het programmateam (niet verplicht)", "Note for the programme team (optional)"))</label>
                <textarea id="toelichting" name="toelichting" rows="3"></textarea>
                <div class="knoppen">
                <button type="submit" name="actie" value="indienen">\(language.pick("Indienen", "Send"))</button>
                <button type="submit" name="actie" value="controleren" class="tweede">\(language.pick("Controleren en voorbeeld", "Check and preview"))</button>
                <button type="submit" name="actie" value="opslaan" class="tweede">\(language.pick("Opslaan als concept", "Save as draft"))</button>
                </div>
                </form>
                """
        }
        return Pages.document(title: "\(language.pick("Jaaropgave", "Annual return")) \(year)", body: body, language: language, wide: true)
    }

    /// The programme team's queue: what waits, oldest first, with filters.
    static func queue(_ submissions: [Submission], names: [String: String], party: String?, state: SubmissionState?, now: Int64,
                      closedYears: [SchoolYear], completeness: [String], refusal: SubmissionDesk.Refusal?, message: String?, csrf: String,
                      language: Language) -> String {
        let states = [("", language.pick("alle", "all"))] + SubmissionState.allCases.map { ($0.rawValue, stateName($0, language: language)) }
        let parties = [("", language.pick("alle", "all"))] + names.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
        func options(_ choices: [(String, String)], _ selected: String?) -> String {
            choices.map { "<option value=\"\(Pages.escape($0.0))\"\($0.0 == (selected ?? "") ? " selected" : "")>\(Pages.escape($0.1))</option>" }.joined()
        }
        let items = submissions.map { submission -> String in
            let age = submission.submittedAt.map { max(0, (now - $0) / 86_400) }
            let choose = submission.state == .ingediend
                ? "<input type=\"checkbox\" name=\"id\" value=\"\(submission.id)\" id=\"kies-\(submission.id)\" "
                    + "aria-label=\"\(language.pick("Kies opgave", "Choose return")) \(submission.id)\"> " : ""
            return """
                <li>\(choose)<a href="/beheer/opgaven/\(submission.id)">\(language.pick("Opgave", "Return")) \(submission.id): \
                \(Pages.escape(names[submission.party] ?? submission.party)), \(language.pick("jaaropgave", "annual return")) \(submission.period)</a>\
                <br>\(stateName(submission.state, language: language))\(age.map { " · " + sentAgo(days: $0, language: language) } ?? "")\
                \(submission.replaces.map { " · " + language.pick("correctie van opgave \($0)", "corrects return \($0)") } ?? "")</li>
                """
        }.joined(separator: "\n")
        return Pages.document(title: language.pick("Opgaven", "Returns"), body: """
            \(ManagementPages.navigation(language: language))
            <h1>\(language.pick("Opgaven", "Returns"))</h1>
            <form method="get" action="/beheer/opgaven">
            <label for="partij">\(language.pick("Partij", "Party"))</label><select id="partij" name="partij">\(options(parties, party))</select>
            <label for="staat">\(language.pick("Staat", "State"))</label><select id="staat" name="staat">\(options(states, state?.rawValue))</select>
            <button type="submit">\(language.pick("Tonen", "Show"))</button>
            </form>
            \(message.map { "<p class=\"gelukt\" role=\"status\">\(Pages.escape($0))</p>" } ?? "")\
            \(refusal.map { refusal in "<div class=\"melding\" role=\"alert\"><ul>" + (refusal.general + refusal.fields.values.sorted())
                .map { "<li>\(Pages.escape($0))</li>" }.joined() + "</ul></div>" } ?? "")
            \(submissions.isEmpty ? "<p>\(language.pick("Geen opgaven.", "No returns."))</p>" : """
                <form method="post" action="/beheer/opgaven/goedkeuren"><input type="hidden" name="csrf" value="\(Pages.escape(csrf))">
                <ul class="lijst">
                \(items)
                </ul>
                \(submissions.contains { $0.state == .ingediend }
                    ? "<button type=\"submit\">\(language.pick("Gekozen opgaven goedkeuren", "Approve the chosen returns"))</button>" : "")
                </form>
                """)
            <h2>\(language.pick("Volledigheid", "Completeness"))</h2>
            \(completeness.isEmpty ? "<p>\(language.pick("Nog geen schooljaar met een jaaropgave.", "No school year with an annual return yet."))</p>"
                : "<ul class=\"lijst\">" + completeness.map { "<li>\(Pages.escape($0))</li>" }.joined() + "</ul>")
            <h2>\(language.pick("Periode heropenen", "Reopen a period"))</h2>
            <p>\(language.pick("Na de termijn kan een school alleen nog een opgave indienen als u de periode voor die school heropent.",
                               "After the deadline a school can send a return only when you reopen the period for that school."))</p>
            <form method="post" action="/beheer/opgaven/heropenen"><input type="hidden" name="csrf" value="\(Pages.escape(csrf))">
            <label for="heropen-partij">\(language.pick("School", "School"))</label>
            <select id="heropen-partij" name="partij">\(options(Array(parties.dropFirst()), nil))</select>
            <label for="heropen-jaar">\(language.pick("Schooljaar", "School year"))</label>
            <select id="heropen-jaar" name="schooljaar">\(closedYears.reversed().map { "<option>\($0)</option>" }.joined())</select>
            <label for="reden">\(language.pick("Reden (komt in het logboek)", "Reason (goes into the audit log)"))</label>
            <textarea id="reden" name="reden" rows="2"></textarea>
            <button type="submit">\(language.pick("Heropenen", "Reopen"))</button>
            </form>
            """, language: language, wide: true)
    }

    /// "vandaag ingediend", "1 dag geleden ingediend", "12 dagen geleden ingediend".
    static func sentAgo(days: Int64, language: Language) -> String {
        switch days {
        case 0: language.pick("vandaag ingediend", "sent today")
        case 1: language.pick("1 dag geleden ingediend", "sent 1 day ago")
        default: language.pick("\(days) dagen geleden ingediend", "sent \(days) days ago")
        }
    }

    /// One submission for review: the values in the file now next to the new ones, the thread,
    /// and approve or return.
    static func review(_ submission: Submission, name: String, current: [String: String]?, comments: [SubmissionComment],
                       refusal: SubmissionDesk.Refusal?, message: String?, csrf: String, language: Language) -> String {
        let rows = AnnualReturn.fields.map { field -> String in
            let old = current?[field.column] ?? "", new = submission.fields[field.column] ?? ""
            return "<tr\(old == new ? "" : " class=\"anders\"")><th scope=\"row\">\(Pages.escape(field.label.text(in: language)))</th>"
                + "<td>\(Pages.escape(old.isEmpty ? "–" : old))</td><td>\(Pages.escape(new.isEmpty ? "–" : new))</td></tr>"
        }.joined()
        var body = """
            \(ManagementPages.navigation(language: language))
            <h1>\(language.pick("Opgave", "Return")) \(submission.id)</h1>
            <p>\(Pages.escape(name)) · \(language.pick("jaaropgave", "annual return")) \(submission.period) · \(stateName(submission.state, language: language))\
            \(submission.replaces.map { " · " + language.pick("correctie van opgave \($0)", "corrects return \($0)") } ?? "")</p>
            \(message.map { "<p class=\"gelukt\" role=\"status\">\(Pages.escape($0))</p>" } ?? "")
            """
        if let refusal, !refusal.general.isEmpty {
            body += "<div class=\"melding\" role=\"alert\"><ul>" + refusal.general.map { "<li>\(Pages.escape($0))</li>" }.joined() + "</ul></div>"
        }
        body += """
            <table><caption>\(language.pick("Nu in het bestand en in deze opgave", "In the file now and in this return"))</caption>
            <thead><tr><th scope="col">\(language.pick("Vraag", "Question"))</th><th scope="col">\(language.pick("Nu", "Now"))</th>\
            <th scope="col">\(language.pick("Opgave", "Return"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        if !comments.isEmpty {
            body += "<h2>\(language.pick("Opmerkingen", "Comments"))</h2><ul class=\"lijst\">" + comments.map {
                "<li><strong>\(Pages.escape($0.author))</strong> · \(Accounts.timestamp($0.at))<br>\(Pages.escape($0.text))</li>"
            }.joined() + "</ul>"
        }
        if submission.state == .ingediend {
            let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(Pages.escape(csrf))\">"
            let error = refusal?.fields["opmerking"]
            body += """
                <h2>\(language.pick("Goedkeuren", "Approve"))</h2>
                <p>\(language.pick("De waarden gaan naar state/school-years.csv en tellen mee in de rapportage.",
                                   "The values go into state/school-years.csv and count in the report."))</p>
                <form method="post" action="/beheer/opgaven/\(submission.id)/goedkeuren">\(hidden)
                <button type="submit">\(language.pick("Goedkeuren", "Approve"))</button></form>
                <h2>\(language.pick("Terugsturen", "Return"))</h2>
                <form method="post" action="/beheer/opgaven/\(submission.id)/terugsturen">\(hidden)
                <label for="opmerking">\(language.pick("Wat moet de school verbeteren?", "What should the school correct?"))</label>
                \(error.map { "<p class=\"fout\" id=\"opmerking-fout\">\(Pages.escape($0))</p>" } ?? "")\
                <textarea id="opmerking" name="opmerking" rows="4"\(error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"opmerking-fout\"")></textarea>
                <button type="submit">\(language.pick("Terugsturen", "Return"))</button></form>
                """
        }
        return Pages.document(title: "\(language.pick("Opgave", "Return")) \(submission.id)", body: body, language: language, wide: true)
    }
}

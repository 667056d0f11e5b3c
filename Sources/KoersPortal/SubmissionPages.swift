import CovenantModel
import PortalAccounts
import PortalStore
import PortalSubmissions
import ReportModel

/// The pages of the submissions: a party's list and forms, the programme team's queue and
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

    /// One line of the list: a subject of a form, its state and a link to the form.
    struct SubjectLine {
        var form: SubmissionForm
        var subject: FormSubject
        /// The state of the party's latest submission about it, if any.
        var state: SubmissionState?
        /// For a school year: the day of the return the data holds, if any.
        var received: Day?
        var closed: Bool
    }

    /// What the party can report, per form: its annual returns, its routes' stages, its attendance of meetings.
    static func list(name: String, lines: [SubjectLine], language: Language) -> String {
        func item(_ line: SubjectLine) -> String {
            let link = "/opgaven/\(line.form.kind)/\(Pages.escape(line.subject.id))"
            var status: String
            switch line.form.subject {
            case .schoolYear:
                status = stateName(line.state, received: line.received, language: language)
                    + (line.closed && line.state != .goedgekeurd ? " · " + language.pick("termijn verstreken", "period closed") : "")
            case .route:
                status = line.state.map { stateName($0, language: language) }
                    ?? line.subject.date.map { language.pick("laatste fase op \(language.words.date($0))", "last stage on \(language.words.date($0))") }
                    ?? language.pick("nog geen fase bereikt", "no stage reached yet")
            case .newMeeting:
                status = line.state.map { stateName($0, language: language) } ?? language.pick("stel een datum voor", "propose a date")
            case .requirement:
                status = line.state.map { stateName($0, language: language) } ?? language.pick("nog geen bewijs", "no evidence yet")
            case .event:
                status = (line.subject.date.map { language.words.date($0) } ?? "") + " · " + (line.subject.done
                    ? language.pick("u staat als aanwezig", "you are recorded as present")
                    : line.state.map { stateName($0, language: language) } ?? language.pick("niet als aanwezig gemeld", "not reported as present"))
            }
            let label = line.form.subject == .schoolYear ? "\(line.form.title.text(in: language)) \(line.subject.id)" : Pages.escape(line.subject.title)
            let linked = line.form.subject == .event && line.subject.done && line.state == nil ? label : "<a href=\"\(link)\">\(label)</a>"
            return "<li>\(linked)<br>\(status)</li>"
        }
        let sections: [(SubmissionForm, String, String)] = [
            (.annualReturn, language.pick("Jaaropgaven", "Annual returns"),
             language.pick("Vul per schooljaar de jaaropgave in. Het programmateam keurt hem goed; pas dan telt hij mee in de rapportage.",
                           "Fill in the annual return per school year. The programme team approves it; only then does it count in the report.")),
            (.routeStage, language.pick("Leerroutes", "Learning routes"),
             language.pick("Meld de volgende fase van een leerroute waaraan u meewerkt, of een geplande stap.",
                           "Report the next stage of a route you take part in, or a planned step.")),
            (.attendance, language.pick("Overleggen", "Meetings"),
             language.pick("Was u bij een overleg dat niet op uw naam staat? Meld uw aanwezigheid.",
                           "Were you at a meeting that does not list you? Report your attendance.")),
            (.plannedMeeting, language.pick("Plannen", "Plans"),
             language.pick("Organiseert u een overleg of kennisdeling? Zet het in de agenda; het telt mee in de planning van het schooljaar.",
                           "Are you organising a meeting or knowledge sharing? Put it on the calendar; it counts in the school year's plan.")),
        ]
        var body = """
            <nav aria-label="\(language.pick("Portaal", "Portal"))" class="beheer"><a href="/">\(language.pick("Zelfcheck", "Self-check"))</a> \
            <a href="/opgaven">\(language.pick("Opgaven", "Returns"))</a></nav>
            <h1>\(language.pick("Opgaven van", "Returns of")) \(Pages.escape(name))</h1>
            """
        for (form, heading, intro) in sections {
            let items = lines.filter { $0.form == form }
            guard !items.isEmpty else { continue }
            body += "\n<h2>\(heading)</h2>\n<p>\(intro)</p>\n<ul class=\"lijst\">\n" + items.map(item).joined(separator: "\n") + "\n</ul>"
        }
        // Evidence: per route, the requirements it does not meet yet, folded away (a route has up to 22).
        let evidence = lines.filter { $0.form == .evidence }
        if !evidence.isEmpty {
            body += "\n<h2>\(language.pick("Bewijs voor wettelijke eisen", "Evidence for legal requirements"))</h2>\n<p>"
                + language.pick("Lever bewijs aan voor een eis waaraan een leerroute nog niet voldoet volgens de gegevens: een link, een beschrijving of een bestand.",
                                "Send evidence for a requirement a route does not meet yet according to the data: a link, a description or a file.") + "</p>"
            var routes: [(String, [SubjectLine])] = []
            for line in evidence {
                let route = String(line.subject.id.split(separator: "/").first ?? "")
                if routes.last?.0 == route { routes[routes.count - 1].1.append(line) } else { routes.append((route, [line])) }
            }
            for (_, items) in routes {
                let name = items[0].subject.title.split(separator: ":").first.map(String.init) ?? ""
                let waiting = items.filter { $0.state != nil }.count
                body += "\n<details><summary>\(Pages.escape(name)) · \(language.pick("\(items.count) open", "\(items.count) open"))"
                    + (waiting > 0 ? " · " + language.pick("\(waiting) met opgave", "\(waiting) with a submission") : "") + "</summary>\n<ul class=\"lijst\">\n"
                    + items.map { line in
                        let requirement = line.subject.title.split(separator: ":", maxSplits: 1).dropFirst().first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
                        return "<li><a href=\"/opgaven/\(line.form.kind)/\(Pages.escape(line.subject.id))\">\(Pages.escape(requirement))</a><br>"
                            + (line.state.map { stateName($0, language: language) } ?? language.pick("nog geen bewijs", "no evidence yet")) + "</li>"
                    }.joined(separator: "\n") + "\n</ul></details>"
            }
        }
        if lines.isEmpty { body += "<p>\(language.pick("Er is nu niets voor u om op te geven.", "There is nothing for you to report now."))</p>" }
        return Pages.document(title: language.pick("Opgaven", "Returns"), body: body, language: language, wide: true)
    }

    /// The heading of a form about a subject: "Jaaropgave 2025-26", "Fase van de leerroute: Vakmanschapsroute …".
    static func heading(_ form: SubmissionForm, _ subject: FormSubject, language: Language) -> String {
        form.subject == .newMeeting ? form.title.text(in: language) : form.subject == .schoolYear ? "\(form.title.text(in: language)) \(subject.id)"
            : "\(form.title.text(in: language)): \(subject.title)\(subject.date.map { form.subject == .event ? " (\(language.words.date($0)))" : "" } ?? "")"
    }

    /// The form about one subject, prefilled, with the thread and (after "Controleren") the preview.
    static func form(_ form: SubmissionForm, subject: FormSubject, name: String, values: [String: String], state: SubmissionState?,
                     received: Day?, locked: Bool, refusal: SubmissionDesk.Refusal?, preview: [PreviewLine]?, comments: [SubmissionComment],
                     message: String?, csrf: String, language: Language) -> String {
        let title = heading(form, subject, language: language)
        var body = """
            <nav aria-label="\(language.pick("Portaal", "Portal"))" class="beheer"><a href="/">\(language.pick("Zelfcheck", "Self-check"))</a> \
            <a href="/opgaven">\(language.pick("Opgaven", "Returns"))</a></nav>
            <h1>\(Pages.escape(title))</h1>
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
            body += "<h2 id=\"voorbeeld\">\(language.pick("Met deze opgave", "With this submission"))</h2>"
            body += preview.isEmpty ? "<p>\(language.pick("Deze opgave verandert niets aan uw zelfcheck.", "This submission changes nothing in your self-check."))</p>"
                : "<ul class=\"lijst\" id=\"voorbeeld-lijst\">" + preview.map { line -> String in
                    "<li><strong>\(Pages.escape(line.title))</strong><br>\(Pages.escape(line.cityLabel.lowercased())): \(Pages.escape(line.cityBefore)) → "
                        + "\(Pages.escape(line.cityAfter))\(line.ownBefore == line.ownAfter ? "" : "<br>" + language.pick("uw bijdrage", "your part") + ": \(Pages.escape(line.ownBefore)) → \(Pages.escape(line.ownAfter))")</li>"
                }.joined() + "</ul>"
        }
        let fields = form.fields.map { field -> String in
            let error = refusal?.fields[field.column]
            let id = field.column
            let described = error == nil ? "\(id)-uitleg" : "\(id)-fout \(id)-uitleg"
            let input: String
            switch field.kind {
            case .yesNo:
                let options = [("", language.pick("onbekend", "unknown")), ("ja", language.pick("ja", "yes")), ("nee", language.pick("nee", "no"))]
                input = "<select id=\"\(id)\" name=\"\(id)\" aria-describedby=\"\(described)\"\(error == nil ? "" : " aria-invalid=\"true\"")\(locked ? " disabled" : "")>"
                    + options.map { "<option value=\"\($0.0)\"\(values[id, default: ""] == $0.0 ? " selected" : "")>\($0.1)</option>" }.joined() + "</select>"
            case .count, .date:
                input = "<input id=\"\(id)\" name=\"\(id)\"\(field.kind == .count ? " inputmode=\"numeric\"" : " placeholder=\"2026-03-01\"") "
                    + "value=\"\(Pages.escape(values[id, default: ""]))\" "
                    + "aria-describedby=\"\(described)\"\(error == nil ? "" : " aria-invalid=\"true\"")\(locked ? " readonly" : "")>"
            case .text:
                input = "<textarea id=\"\(id)\" name=\"\(id)\" rows=\"3\" aria-describedby=\"\(described)\"\(error == nil ? "" : " aria-invalid=\"true\"")"
                    + "\(locked ? " readonly" : "")>\(Pages.escape(values[id, default: ""]))</textarea>"
            case .file:
                let kept = EvidenceFile(descriptor: values[id, default: ""])
                input = (kept.map { "<p class=\"uitleg\">" + language.pick("Bewaard: ", "Kept: ") + Pages.escape($0.mention) + "</p>" } ?? "")
                    + (locked ? "" : "<input type=\"file\" id=\"\(id)\" name=\"\(id)\" accept=\".pdf,.docx,.xlsx,.png,.jpg,.jpeg\" "
                        + "aria-describedby=\"\(described)\"\(error == nil ? "" : " aria-invalid=\"true\"")>")
            case .choice(let choices):
                input = "<select id=\"\(id)\" name=\"\(id)\" aria-describedby=\"\(described)\"\(error == nil ? "" : " aria-invalid=\"true\"")\(locked ? " disabled" : "")>"
                    + choices.map { "<option value=\"\(Pages.escape($0.value))\"\(values[id, default: ""] == $0.value ? " selected" : "")>\(Pages.escape($0.label.text(in: language)))</option>" }.joined()
                    + "</select>"
            }
            return """
                <label for="\(id)">\(Pages.escape(field.label.text(in: language)))</label>
                <p class="uitleg" id="\(id)-uitleg">\(Pages.escape(field.help.text(in: language)))</p>
                \(error.map { "<p class=\"fout\" id=\"\(id)-fout\">\(Pages.escape($0))</p>" } ?? "")\(input)
                """
        }.joined(separator: "\n")
        body += """
            <h2>\(language.pick("De opgave", "The submission"))</h2>
            \(form.subject == .event ? "<p>" + language.pick("Met deze opgave meldt u dat u bij dit overleg aanwezig was.",
                                                               "With this submission you report that you attended this meeting.") + "</p>" : "")
            <form method="post" action="/opgaven/\(form.kind)/\(Pages.escape(subject.id))" novalidate\
            \(form.fields.contains { $0.kind == .file } ? " enctype=\"multipart/form-data\"" : "")>
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
                \(form.fields.isEmpty ? "" : "<button type=\"submit\" name=\"actie\" value=\"opslaan\" class=\"tweede\">"
                    + language.pick("Opslaan als concept", "Save as draft") + "</button>")
                </div>
                </form>
                """
        }
        return Pages.document(title: title, body: body, language: language, wide: true)
    }

    /// The queue's filters: by party, state, form and how long a submission has waited.
    struct QueueFilter {
        var party: String?
        var state: SubmissionState?
        var kind: String?
        /// Only submissions sent at least this many days ago.
        var olderThanDays: Int?
    }

    /// The programme team's queue: what waits, oldest first, with filters.
    static func queue(_ submissions: [Submission], names: [String: String], schools: [String: String], filter: QueueFilter, now: Int64,
                      closedYears: [SchoolYear], completeness: [String], refusal: SubmissionDesk.Refusal?, message: String?, csrf: String,
                      language: Language) -> String {
        let (party, state) = (filter.party, filter.state)
        let states = [("", language.pick("alle", "all"))] + SubmissionState.allCases.map { ($0.rawValue, stateName($0, language: language)) }
        let kinds = [("", language.pick("alle", "all"))] + SubmissionForm.all.map { ($0.kind, $0.title.text(in: language)) }
        let ages = [("", language.pick("elke", "any")), ("7", language.pick("meer dan een week", "more than a week")),
                    ("30", language.pick("meer dan 30 dagen", "more than 30 days"))]
        let parties = [("", language.pick("alle", "all"))] + names.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
        func options(_ choices: [(String, String)], _ selected: String?) -> String {
            choices.map { "<option value=\"\(Pages.escape($0.0))\"\($0.0 == (selected ?? "") ? " selected" : "")>\(Pages.escape($0.1))</option>" }.joined()
        }
        let items = submissions.map { submission -> String in
            let age = submission.submittedAt.map { max(0, (now - $0) / 86_400) }
            let choose = submission.state == .ingediend
                ? "<input type=\"checkbox\" name=\"id\" value=\"\(submission.id):\(submission.version)\" id=\"kies-\(submission.id)\" "
                    + "aria-label=\"\(language.pick("Kies opgave", "Choose return")) \(submission.id)\"> " : ""
            return """
                <li>\(choose)<a href="/beheer/opgaven/\(submission.id)">\(language.pick("Opgave", "Return")) \(submission.id): \
                \(Pages.escape(names[submission.party] ?? submission.party)), \
                \((SubmissionForm.named(submission.kind)?.title.text(in: language) ?? submission.kind).lowercased()) \(Pages.escape(submission.period))</a>\
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
            <label for="soort">\(language.pick("Soort", "Kind"))</label><select id="soort" name="soort">\(options(kinds, filter.kind))</select>
            <label for="ouderdan">\(language.pick("Wacht sinds", "Waiting for"))</label><select id="ouderdan" name="ouderdan">\(options(ages, filter.olderThanDays.map(String.init)))</select>
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
                \(submissions.contains { $0.state == .ingediend } ? """
                    <label for="opmerking">\(language.pick("Opmerking bij de gekozen opgaven (verplicht bij terugsturen)",
                                                          "Comment on the chosen submissions (required when returning)"))</label>
                    \(refusal?.fields["opmerking"].map { "<p class=\"fout\" id=\"opmerking-fout\">\(Pages.escape($0))</p>" } ?? "")\
                    <textarea id="opmerking" name="opmerking" rows="2"></textarea>
                    <div class="knoppen"><button type="submit">\(language.pick("Gekozen opgaven goedkeuren", "Approve the chosen submissions"))</button>
                    <button type="submit" formaction="/beheer/opgaven/terugsturen" class="tweede">\(language.pick("Gekozen opgaven terugsturen",
                                                                                                               "Return the chosen submissions"))</button></div>
                    """ : "")
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
            <select id="heropen-partij" name="partij">\(options(schools.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }, nil))</select>
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

    /// One submission for review: the row in the file now next to the row it would become, the
    /// thread, and approve or return.
    static func review(_ submission: Submission, name: String, current: [String: String]?, proposed: [String: String],
                       comments: [SubmissionComment], refusal: SubmissionDesk.Refusal?, message: String?, csrf: String, language: Language) -> String {
        let form = SubmissionForm.named(submission.kind)
        let columnNames = ["reported_on": language.pick("Datum van de opgave", "Day of the return"),
                           "participants": language.pick("Deelnemers", "Participants"), "id": language.pick("Code", "Id")]
        let labels = columnNames.merging((form?.fields ?? []).map { ($0.column, $0.label.text(in: language)) }, uniquingKeysWith: { _, field in field })
        // The key (the school and year, the route, the meeting) is in the heading already, unless the
        // form asks it (a route's stage); `source` is written on approval.
        let hidden = Set(["source"] + (form.map { form in form.key.filter { key in !form.fields.contains { $0.column == key } } } ?? []))
        let columns = (form.map { $0.header.filter { proposed.keys.contains($0) } } ?? proposed.keys.sorted()).filter { !hidden.contains($0) }
        let rows = columns.map { column -> String in
            let old = current?[column] ?? "", new = proposed[column] ?? ""
            return "<tr\(old == new ? "" : " class=\"anders\"")><th scope=\"row\">\(Pages.escape(labels[column] ?? column))</th>"
                + "<td>\(Pages.escape(old.isEmpty ? "–" : old))</td><td>\(Pages.escape(new.isEmpty ? "–" : new))</td></tr>"
        }.joined()
        let file = form?.file ?? "state/"
        var body = """
            \(ManagementPages.navigation(language: language))
            <h1>\(language.pick("Opgave", "Return")) \(submission.id)</h1>
            <p>\(Pages.escape(name)) · \((form?.title.text(in: language) ?? submission.kind).lowercased()) \(Pages.escape(submission.period)) · \
            \(stateName(submission.state, language: language))\
            \(submission.replaces.map { " · " + language.pick("correctie van opgave \($0)", "corrects return \($0)") } ?? "")</p>
            \(message.map { "<p class=\"gelukt\" role=\"status\">\(Pages.escape($0))</p>" } ?? "")
            """
        if let refusal, !refusal.general.isEmpty {
            body += "<div class=\"melding\" role=\"alert\"><ul>" + refusal.general.map { "<li>\(Pages.escape($0))</li>" }.joined() + "</ul></div>"
        }
        body += """
            <table><caption>\(language.pick("Nu in \(file) en met deze opgave", "In \(file) now and with this submission"))</caption>
            <thead><tr><th scope="col">\(language.pick("Vraag", "Question"))</th><th scope="col">\(language.pick("Nu", "Now"))</th>\
            <th scope="col">\(language.pick("Opgave", "Return"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        if let file = EvidenceFile(descriptor: submission.fields["bestand"] ?? "") {
            body += "<p>\(language.pick("Bestand", "File")): <a href=\"/beheer/opgaven/\(submission.id)/bestand\">\(Pages.escape(file.mention))</a></p>"
        }
        if !comments.isEmpty {
            body += "<h2>\(language.pick("Opmerkingen", "Comments"))</h2><ul class=\"lijst\">" + comments.map {
                "<li><strong>\(Pages.escape($0.author))</strong> · \(Accounts.timestamp($0.at))<br>\(Pages.escape($0.text))</li>"
            }.joined() + "</ul>"
        }
        if submission.state == .ingediend {
            // The version reviewed: approving or returning refuses if the submission changed since.
            let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(Pages.escape(csrf))\">"
                + "<input type=\"hidden\" name=\"versie\" value=\"\(submission.version)\">"
            let error = refusal?.fields["opmerking"]
            body += """
                <h2>\(language.pick("Goedkeuren", "Approve"))</h2>
                <p>\(language.pick("De waarden gaan naar \(file) en tellen mee in de rapportage.",
                                   "The values go into \(file) and count in the report."))</p>
                <form method="post" action="/beheer/opgaven/\(submission.id)/goedkeuren">\(hidden)
                <label for="opmerking-goedkeuren">\(language.pick("Opmerking voor de partij (niet verplicht)", "Comment for the party (optional)"))</label>
                <textarea id="opmerking-goedkeuren" name="opmerking" rows="2"></textarea>
                <button type="submit">\(language.pick("Goedkeuren", "Approve"))</button></form>
                <h2>\(language.pick("Terugsturen", "Return"))</h2>
                <form method="post" action="/beheer/opgaven/\(submission.id)/terugsturen">\(hidden)
                <label for="opmerking">\(language.pick("Wat moet de partij verbeteren?", "What should the party correct?"))</label>
                \(error.map { "<p class=\"fout\" id=\"opmerking-fout\">\(Pages.escape($0))</p>" } ?? "")\
                <textarea id="opmerking" name="opmerking" rows="4"\(error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"opmerking-fout\"")></textarea>
                <button type="submit">\(language.pick("Terugsturen", "Return"))</button></form>
                """
        }
        return Pages.document(title: "\(language.pick("Opgave", "Return")) \(submission.id)", body: body, language: language, wide: true)
    }
}

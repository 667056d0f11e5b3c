import CovenantModel
import PortalStore
import WorkspaceWriter

/// A form a school or institution fills in through the portal, and the row of a state table it
/// becomes once approved: the annual return of a school year, a route's next stage (reached or
/// planned), the confirmation that the party attended a held meeting, evidence for a route's legal
/// requirement, a meeting it plans.
///
/// A submission is about one *subject* of the form, its `period` in the store: a school year, a
/// route, a meeting. The rows are the ones docs/workspace.md describes; `koers validate` checks
/// them, whoever typed them in.
public struct SubmissionForm: Sendable, Equatable {
    /// What a submission of this form is about.
    public enum Subject: Sendable, Equatable {
        /// A school year (`2025-26`) of the covenant's returns; closes on its deadline.
        case schoolYear
        /// A learning route the party takes part in (its id).
        case route
        /// A meeting that was held (its id).
        case event
        /// A legal requirement of a route the party takes part in: `route/R5`.
        case requirement
        /// A meeting still to be held, proposed by the party (`nieuw`): it gets its id on approval.
        case newMeeting
    }

    /// One question of the form: the column it fills, its label and help, and what it takes.
    public struct Field: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// ja or nee (or not known: empty).
            case yesNo
            /// A whole number of 0 or more (or not known: empty).
            case count
            /// A day, written as 2026-03-01.
            case date
            /// One of the values, each with its words.
            case choice([Choice])
            /// Free text: a description or a link.
            case text
            /// A file (``EvidenceFile``); its value is the file's descriptor.
            case file
        }

        /// A value of a `choice` and what the form calls it.
        public struct Choice: Sendable, Equatable {
            public var value: String
            public var label: Bilingual
        }

        public var column: String
        public var kind: Kind
        public var label: Bilingual
        public var help: Bilingual
    }

    /// The kind, as the store, the audit log and the portal's addresses name it.
    public var kind: String
    /// The form's name, as in "Jaaropgave 2025-26".
    public var title: Bilingual
    public var subject: Subject
    /// The state table it goes into, by its file and by its name for a state overlay.
    public var file: String
    public var table: String
    /// The columns that say which row a submission is.
    public var key: [String]
    /// The questions; a confirmation has none.
    public var fields: [Field]
    /// Whether schools only (the annual return) or schools and institutions may fill it in.
    public var schoolsOnly: Bool
    /// Whether an approval adds a row and never replaces one (a new meeting, evidence for an open
    /// requirement), rather than replacing the row with its key (a return, a stage, an attendance).
    public var addsRows: Bool { subject == .newMeeting || subject == .requirement }

    /// Whether a submission in `state` is still what a subject's page shows: for a school year its
    /// latest, approved or not (a return is locked once approved); for a route, a meeting plan or a
    /// requirement only an open one — an approved stage or plan is done, and the next is new.
    public func keepsApproved(state: SubmissionState) -> Bool {
        subject == .schoolYear || subject == .event || state != .goedgekeurd
    }

    /// Every form, in the order the portal lists them.
    public static let all: [SubmissionForm] = [.annualReturn, .routeStage, .attendance, .evidence, .plannedMeeting]

    /// The form of a kind, as the portal's addresses and the store name it.
    public static func named(_ kind: String) -> SubmissionForm? { all.first { $0.kind == kind } }

    /// The row of the state table for these values, about `period`, reported by `party` on `day`;
    /// `current` is the table as it is now (a row may build on the one it replaces).
    func row(_ values: [String: String], party: String, period: String, day: Day, source: String, current: EditableCSV?) -> [String: String] {
        var row = self.values(values)
        switch subject {
        case .schoolYear:
            row["school"] = party
            row["school_year"] = period
            // A correction keeps the day of the return it corrects: the school reported then, and
            // whether that was on time does not change by correcting a number.
            let earlier = current?.rows.first { $0["school"] == party && $0["school_year"] == period }?["reported_on"].flatMap(Day.init(iso:))
            row["reported_on"] = (earlier.map { min($0, day) } ?? day).description
            row["source"] = source
        case .route:
            row["route"] = period
            row["source"] = source
        case .event:
            // The meeting's row as it is, with the party among its participants and the approval
            // added to its source (which keeps saying where the meeting itself is known from).
            guard var event = current?.rows.first(where: { $0["id"] == period }) else { return ["id": period] }
            var participants = (event["participants"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            if !participants.contains(party) { participants.append(party) }
            event["participants"] = participants.joined(separator: " ")
            let before = event["source"] ?? ""
            let mention = "\(party) aanwezig: \(source)"
            if !before.contains(mention) { event["source"] = before.isEmpty ? mention : "\(before); \(mention)" }
            row = event
        case .requirement:
            // The file is named in `evidence`, after what the party wrote; the file itself stays
            // in the store (``EvidenceFile``).
            let parts = period.split(separator: "/", maxSplits: 1).map(String.init)
            row["route"] = parts.first ?? period
            row["requirement"] = parts.count == 2 ? parts[1] : ""
            let file = row.removeValue(forKey: "bestand").flatMap(EvidenceFile.init(descriptor:))
            let text = row["evidence"] ?? ""
            if let file { row["evidence"] = text.isEmpty ? "bestand \(file.mention)" : "\(text), bestand \(file.mention)" }
            row["source"] = source
        case .newMeeting:
            // The id the programme team's own rows have: decanen-2027-02-09; a kennisdeling also
            // by its form (a workshop and a lesson visit can share a day).
            let kind = row["kind"] ?? "", form = row["form"] ?? ""
            row["id"] = [kind == "decanenoverleg" ? "decanen" : kind, kind == "kennisdeling" ? form : "", row["date"] ?? ""]
                .filter { !$0.isEmpty }.joined(separator: "-")
            row["participants"] = party
            row["planned"] = "ja"
            row["source"] = source
        }
        return row
    }

    /// Only the form's own columns, trimmed.
    func values(_ values: [String: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.column, (values[$0.column] ?? "").trimmingCharacters(in: .whitespaces)) })
    }

    /// The key of a row: the values of its key columns.
    func key(of row: [String: String]) -> [String: String] {
        key.reduce(into: [:]) { $0[$1] = row[$1] ?? "" }
    }

    /// The header of the table when the workspace has no file for it yet.
    public var header: [String] {
        switch subject {
        case .schoolYear: key + ["reported_on"] + fields.map(\.column) + ["source"]
        case .route: ["route"] + fields.map(\.column) + ["source"]
        case .event: ["id", "date", "kind", "form", "title", "participants", "planned", "source"]
        case .requirement: ["route", "requirement", "date", "evidence", "source"]
        case .newMeeting: ["id", "date", "kind", "form", "title", "participants", "planned", "source"]
        }
    }

    /// `stages 3, lob_voorlichting ja`: the values for the audit log.
    func describe(_ values: [String: String]) -> String {
        fields.compactMap { field in values[field.column].flatMap { $0.isEmpty ? nil : "\(field.column) \($0)" } }
            .joined(separator: ", ")
    }

    // MARK: The forms

    /// The annual return (jaaropgave) of a school for one school year: one row of
    /// `state/school-years.csv`.
    public static let annualReturn = SubmissionForm(
        kind: "jaaropgave", title: Bilingual(nl: "Jaaropgave", en: "Annual return"), subject: .schoolYear,
        file: "state/school-years.csv", table: "school-years", key: ["school", "school_year"], fields: [
            Field(column: "lob_voorlichting", kind: .yesNo,
                  label: Bilingual(nl: "LOB-voorlichting over het mbo gegeven", en: "LOB information about mbo given"),
                  help: Bilingual(nl: "Kregen de leerlingen dit schooljaar voorlichting over het mbo?", en: "Did the students get information about mbo this school year?")),
            Field(column: "praktijkgericht", kind: .yesNo,
                  label: Bilingual(nl: "Praktijkgericht programma aangeboden", en: "Practice-oriented programme offered"),
                  help: Bilingual(nl: "Had de school een praktijkgericht programma met het mbo?", en: "Did the school have a practice-oriented programme with mbo?")),
            Field(column: "stages", kind: .count,
                  label: Bilingual(nl: "Stages in het mbo (aantal leerlingen)", en: "Internships in mbo (students)"),
                  help: Bilingual(nl: "Hoeveel leerlingen liepen een stage of snuffelstage in het mbo?", en: "How many students had an internship or taster day in mbo?")),
            Field(column: "werkbezoeken", kind: .count,
                  label: Bilingual(nl: "Werkbezoeken (aantal)", en: "Work visits (number)"),
                  help: Bilingual(nl: "Hoeveel werkbezoeken aan het mbo of aan bedrijven?", en: "How many work visits to mbo or companies?")),
            Field(column: "praktijkopdrachten", kind: .count,
                  label: Bilingual(nl: "Praktijkopdrachten (aantal)", en: "Practical assignments (number)"),
                  help: Bilingual(nl: "Hoeveel praktijkopdrachten samen met het mbo?", en: "How many practical assignments together with mbo?")),
            Field(column: "pro_vso_able", kind: .count,
                  label: Bilingual(nl: "PrO/vso: leerlingen die een ROC-traject aankunnen", en: "PrO/vso: students able to follow a ROC trajectory"),
                  help: Bilingual(nl: "Alleen voor praktijkonderwijs en vso; laat anders leeg.", en: "Only for praktijkonderwijs and vso; leave empty otherwise.")),
            Field(column: "pro_vso_offered", kind: .count,
                  label: Bilingual(nl: "PrO/vso: leerlingen die een ROC-traject kregen aangeboden", en: "PrO/vso: students offered a ROC trajectory"),
                  help: Bilingual(nl: "Hoogstens het aantal hierboven.", en: "At most the number above.")),
        ], schoolsOnly: true)

    /// A route's next stage, reached or planned: one row of `state/route-stages.csv`. A planned
    /// step (a plan for a coming day) shows on the partners' calendars and never counts as
    /// reached until the programme team clears `planned`.
    public static let routeStage = SubmissionForm(
        kind: "routefase", title: Bilingual(nl: "Fase van de leerroute", en: "Route stage"), subject: .route,
        file: "state/route-stages.csv", table: "route-stages", key: ["route", "stage"], fields: [
            Field(column: "stage", kind: .choice(RouteStage.allCases.map { Field.Choice(value: $0.rawValue, label: stageName($0)) }),
                  label: Bilingual(nl: "Fase", en: "Stage"),
                  help: Bilingual(nl: "De fasen volgen elkaar op: verkenning, in ontwikkeling, overeenkomst getekend, DUO-registratie, eerste cohort gestart; of gestopt.",
                                  en: "Stages follow each other: exploration, in development, agreement signed, DUO registration, first cohort started; or stopped.")),
            Field(column: "date", kind: .date,
                  label: Bilingual(nl: "Datum", en: "Date"),
                  help: Bilingual(nl: "De dag waarop de fase bereikt is, of (bij een plan) bereikt zal zijn, zoals 2026-03-01.",
                                  en: "The day the stage was reached, or (for a plan) will be, such as 2026-03-01.")),
            Field(column: "planned", kind: .choice([Field.Choice(value: "", label: Bilingual(nl: "bereikt", en: "reached")),
                                                    Field.Choice(value: "ja", label: Bilingual(nl: "gepland", en: "planned"))]),
                  label: Bilingual(nl: "Bereikt of gepland", en: "Reached or planned"),
                  help: Bilingual(nl: "Gepland: een stap die nog komt; die staat in de agenda en telt pas mee als het programmateam hem bevestigt.",
                                  en: "Planned: a step still to come; it shows on the calendar and counts only once the programme team confirms it.")),
        ], schoolsOnly: false)

    /// The party attended a meeting that was held: it joins the meeting's participants in
    /// `state/events.csv`.
    public static let attendance = SubmissionForm(
        kind: "aanwezigheid", title: Bilingual(nl: "Aanwezigheid", en: "Attendance"), subject: .event,
        file: "state/events.csv", table: "events", key: ["id"], fields: [], schoolsOnly: false)

    /// Evidence that a route meets a legal requirement (routes-and-law.md §1.5): a link or a
    /// description, and perhaps a file; one row of `state/route-requirements.csv`.
    public static let evidence = SubmissionForm(
        kind: "bewijs", title: Bilingual(nl: "Bewijs voor een wettelijke eis", en: "Evidence for a legal requirement"), subject: .requirement,
        file: "state/route-requirements.csv", table: "route-requirements", key: ["route", "requirement"], fields: [
            Field(column: "date", kind: .date,
                  label: Bilingual(nl: "Datum", en: "Date"),
                  help: Bilingual(nl: "De dag waarop aan de eis voldaan is, zoals de dag van ondertekening: 2026-03-01.",
                                  en: "The day the requirement was met, such as the day of signing: 2026-03-01.")),
            Field(column: "evidence", kind: .text,
                  label: Bilingual(nl: "Bewijs: een link of een beschrijving", en: "Evidence: a link or a description"),
                  help: Bilingual(nl: "Bijvoorbeeld: Getekende samenwerkingsovereenkomst van 3 maart 2025, of de link naar het document.",
                                  en: "For example: Signed cooperation agreement of 3 March 2025, or the link to the document.")),
            Field(column: "bestand", kind: .file,
                  label: Bilingual(nl: "Bestand (niet verplicht)", en: "File (optional)"),
                  help: Bilingual(nl: "PDF, Word (DOCX), Excel (XLSX), PNG of JPEG, hoogstens 10 MB. Alleen het programmateam ziet het.",
                                  en: "PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, at most 10 MB. Only the programme team sees it.")),
        ], schoolsOnly: false)

    /// A meeting the party plans (a decanenoverleg it hosts, a kennisdeling activity): a row of
    /// `state/events.csv` with `planned = ja`, a plan for its school year until it is held and
    /// the programme team clears `planned`.
    public static let plannedMeeting = SubmissionForm(
        kind: "gepland-overleg", title: Bilingual(nl: "Gepland overleg", en: "Planned meeting"), subject: .newMeeting,
        file: "state/events.csv", table: "events", key: ["id"], fields: [
            Field(column: "kind", kind: .choice([
                Field.Choice(value: "decanenoverleg", label: Bilingual(nl: "decanenoverleg", en: "decanenoverleg")),
                Field.Choice(value: "kennisdeling", label: Bilingual(nl: "kennisdeling", en: "knowledge sharing")),
                Field.Choice(value: "monitoring", label: Bilingual(nl: "monitoring van de voortgang", en: "progress monitoring")),
                Field.Choice(value: "overig", label: Bilingual(nl: "overig", en: "other")),
            ]), label: Bilingual(nl: "Soort overleg", en: "Kind of meeting"),
                  help: Bilingual(nl: "Het convenant vraagt vier decanenoverleggen per jaar en kennisdeling tussen vo en mbo.",
                                  en: "The covenant asks four decanenoverleggen a year and knowledge sharing between vo and mbo.")),
            Field(column: "form", kind: .choice([Field.Choice(value: "", label: Bilingual(nl: "— (geen kennisdeling)", en: "— (not knowledge sharing)"))]
                + ["docentstage", "lesbezoek", "inspiratietour", "workshop"].map { Field.Choice(value: $0, label: Bilingual(nl: $0, en: $0)) }),
                  label: Bilingual(nl: "Vorm (bij kennisdeling)", en: "Form (for knowledge sharing)"),
                  help: Bilingual(nl: "Alleen voor kennisdeling: docentstage, lesbezoek, inspiratietour of workshop.",
                                  en: "Only for knowledge sharing: teacher placement, lesson visit, inspiration tour or workshop.")),
            Field(column: "date", kind: .date, label: Bilingual(nl: "Datum", en: "Date"),
                  help: Bilingual(nl: "De dag waarop het overleg gepland is, na vandaag: 2027-02-09.", en: "The day the meeting is planned, after today: 2027-02-09.")),
            Field(column: "title", kind: .text, label: Bilingual(nl: "Titel", en: "Title"),
                  help: Bilingual(nl: "Zoals het in de agenda komt, bijvoorbeeld: Decanenoverleg vo-mbo bij het Mundus College.",
                                  en: "As it will show on the calendar, for example: Decanenoverleg vo-mbo at Mundus College.")),
        ], schoolsOnly: false)

    static func stageName(_ stage: RouteStage) -> Bilingual {
        switch stage {
        case .verkenning: Bilingual(nl: "verkenning", en: "exploration")
        case .inOntwikkeling: Bilingual(nl: "in ontwikkeling", en: "in development")
        case .overeenkomstGetekend: Bilingual(nl: "overeenkomst getekend", en: "agreement signed")
        case .duoRegistratie: Bilingual(nl: "DUO-registratie", en: "DUO registration")
        case .eersteCohortGestart: Bilingual(nl: "eerste cohort gestart", en: "first cohort started")
        case .gestopt: Bilingual(nl: "gestopt", en: "stopped")
        }
    }
}

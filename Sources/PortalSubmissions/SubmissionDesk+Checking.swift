import CovenantModel
import Foundation
import PortalStore
import WorkspaceLoader
import WorkspaceWriter

/// The checks on entry: the rules of `koers validate` on the workspace as if the submission were
/// approved, and the rules of the forms themselves (a subject the party may report on, dates that
/// fit, a school year's closing date).
extension SubmissionDesk {

    /// What is wrong with `values` as this party's submission of `form` about `period`: by the
    /// rules of `koers validate` (the row is checked in the workspace as if it were approved), and
    /// by the rules of entry — a subject the party may report on; for a school year, one that has
    /// started and is not closed for this party; a reached stage on a day that has come, a planned
    /// one on a day still to come; a meeting the party is not yet recorded at.
    public func check(_ values: [String: String], form: SubmissionForm = .annualReturn, party: String, period: String, today: Day) async throws -> Refusal? {
        let values = form.values(values)
        // The workspace as it is, read once: for the subjects the party may report on, and for the
        // errors it has already (only new ones are the submission's).
        let before = WorkspaceLoader.load(from: workspace)
        if let refusal = try await entryRefusal(values, form: form, party: party, period: period, today: today, in: before) { return refusal }
        let row = form.row(values, party: party, period: period, day: today, source: "portaal", current: try currentTable(form))
        let (result, line) = try validate(form, with: row)
        let known = Set(before.errors.map(\.text))
        var refusal = Refusal()
        for error in result.errors where !known.contains(error.text) {
            let text = error.text.text(in: language)
            let column = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            if error.location.line == line, form.fields.contains(where: { $0.column == column }) {
                refusal.fields[column] = refusal.fields[column] ?? Self.sentence(String(text.dropFirst(column.count + 1)).trimmingCharacters(in: .whitespaces))
            } else {
                refusal.general.append(Self.sentence(text))
            }
        }
        return refusal.fields.isEmpty && refusal.general.isEmpty ? nil : refusal
    }

    private func entryRefusal(_ values: [String: String], form: SubmissionForm, party: String, period: String, today: Day,
                              in loaded: WorkspaceLoadResult) async throws -> Refusal? {
        switch form.subject {
        case .schoolYear:
            guard let year = SchoolYear(period) else {
                return Refusal(general: [language.pick("'\(period)' is geen schooljaar; schrijf het als 2025-26.", "'\(period)' is not a school year; write it as 2025-26.")])
            }
            if year.firstDay > today {
                return Refusal(general: [language.pick("Schooljaar \(year) is nog niet begonnen (\(year.firstDay)); een opgave volgt tijdens of na het schooljaar.",
                                                       "School year \(year) has not begun yet (\(year.firstDay)); a return comes during or after the school year.")])
            }
            let covenant = loaded.workspace?.covenant ?? covenant()
            if !(covenant?.returnSchoolYears(through: today) ?? []).contains(year) {
                return Refusal(general: [language.pick("Over schooljaar \(year) vraagt het convenant geen jaaropgave.",
                                                       "The covenant asks no annual return for school year \(year).")])
            }
            if try await isClosed(party: party, period: year, today: today, covenant: covenant) {
                let deadline = deadline(of: year, covenant: covenant)
                return Refusal(general: [language.pick(
                    "De termijn voor schooljaar \(year) is op \(deadline) verstreken. Het programmateam kan hem voor u heropenen.",
                    "The period for school year \(year) closed on \(deadline). The programme team can reopen it for you.")])
            }
        case .route:
            guard subjects(form, party: party, today: today, in: loaded.workspace).contains(where: { $0.id == period }) else {
                return Refusal(general: [language.pick("U werkt niet mee aan leerroute '\(period)'; alleen de partners van een leerroute melden haar fasen.",
                                                       "You do not take part in route '\(period)'; only a route's partners report its stages.")])
            }
            if let date = Day(iso: values["date"] ?? "") {
                if values["planned"] == "ja", date <= today {
                    return Refusal(fields: ["date": language.pick("Een geplande stap ligt na vandaag (\(today)); is hij al bereikt, kies dan 'bereikt'.",
                                                                  "A planned step lies after today (\(today)); if it was reached, choose 'reached'.")])
                }
                if values["planned"] != "ja", date > today {
                    return Refusal(fields: ["date": language.pick("Een bereikte fase ligt niet na vandaag (\(today)); komt hij nog, kies dan 'gepland'.",
                                                                  "A stage reached does not lie after today (\(today)); if it is still to come, choose 'planned'.")])
                }
            }
        case .event:
            guard let event = subjects(form, party: party, today: today, in: loaded.workspace).first(where: { $0.id == period }) else {
                return Refusal(general: [language.pick("Overleg '\(period)' is niet gehouden in dit of het vorige schooljaar; alleen daarvan meldt u uw aanwezigheid.",
                                                       "Meeting '\(period)' was not held this school year or the one before; attendance is reported only for those.")])
            }
            if event.done {
                return Refusal(general: [language.pick("U staat al als aanwezig bij dit overleg.", "You are already recorded as present at this meeting.")])
            }
        case .newMeeting:
            guard period == "nieuw", !subjects(form, party: party, today: today, in: loaded.workspace).isEmpty else {
                return Refusal(general: [language.pick("Alleen een school of instelling plant een overleg.", "Only a school or institution plans a meeting.")])
            }
            if let date = Day(iso: values["date"] ?? "") {
                if date <= today {
                    return Refusal(fields: ["date": language.pick("Een gepland overleg ligt na vandaag (\(today)); was het al, meld dan uw aanwezigheid.",
                                                                  "A planned meeting lies after today (\(today)); if it was held, report your attendance.")])
                }
                let table = try currentTable(form)
                let row = form.row(values, party: party, period: period, day: today, source: "", current: table)
                if table?.rows.contains(where: { $0["id"] == row["id"] }) == true {
                    return Refusal(fields: ["date": language.pick("Op \(date) staat al een \(values["kind"] ?? "") in de agenda (\(row["id"] ?? "")); kies een andere dag, of neem contact op met het programmateam om aan te sluiten.",
                                                                  "There already is a \(values["kind"] ?? "") on \(date) (\(row["id"] ?? "")); choose another day, or ask the programme team to join it.")])
                }
            }
        case .requirement:
            guard subjects(form, party: party, today: today, in: loaded.workspace).contains(where: { $0.id == period }) else {
                return Refusal(general: [language.pick("Voor '\(period)' kunt u geen bewijs aanleveren: het is geen open eis van een leerroute waaraan u meewerkt.",
                                                       "You cannot send evidence for '\(period)': it is not an open requirement of a route you take part in.")])
            }
            if let date = Day(iso: values["date"] ?? ""), date > today {
                return Refusal(fields: ["date": language.pick("Aan een eis is voldaan op een dag die geweest is; vandaag is het \(today).",
                                                              "A requirement is met on a day that has passed; today is \(today).")])
            }
            if !(values["bestand"] ?? "").isEmpty, EvidenceFile(descriptor: values["bestand"] ?? "") == nil {
                return Refusal(fields: ["bestand": language.pick("Het bestand is niet gevonden; kies het opnieuw.", "The file was not found; choose it again.")])
            }
        }
        return nil
    }

    /// The school years a return is owed for and that have begun by `today`
    /// (``Covenant/returnSchoolYears(through:)``); none while covenant.yaml has errors.
    public func schoolYears(through today: Day, covenant: Covenant?) -> [SchoolYear] {
        covenant?.returnSchoolYears(through: today) ?? []
    }

    /// The day the period of `year` closes: `returns.annual_return_due` in covenant.yaml (by
    /// default the school year's last day) in the year the school year ends.
    public func deadline(of year: SchoolYear, covenant: Covenant?) -> Day {
        (covenant?.annualReturnDue ?? MonthDay(month: 7, day: 31)).deadline(of: year)
    }

    /// Whether the annual return's period has passed for this party, and was not reopened for it.
    public func isClosed(party: String, period: SchoolYear, today: Day, covenant: Covenant?) async throws -> Bool {
        guard today > deadline(of: period, covenant: covenant) else { return false }
        return try await store.reopening(party: party, kind: SubmissionForm.annualReturn.kind, period: period.description) == nil
    }
}

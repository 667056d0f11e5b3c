import CovenantModel
import Foundation
import Hummingbird
import PortalStore
import PortalSubmissions

/// The annual return in the portal: a school fills it in, checks it and sends it (`/opgaven`); the
/// programme team reviews, approves or returns it (`/beheer/opgaven`). Whose return a request is
/// about comes from the session, never from the request: a school cannot report for another.
extension PortalApplication {
    func addSubmissionRoutes(to router: Router<PortalContext>) {
        router.get("/opgaven") { _, context -> Response in
            guard let (user, _) = school(context), let party = user.party else { return notFound() }
            let today = reports.asOf()
            var lines: [SubmissionPages.YearLine] = []
            let all = try await desk.store.submissions(party: party, kind: AnnualReturn.kind)
            for year in desk.schoolYears(through: today).reversed() {
                let latest = all.first { $0.period == year.description }
                lines.append(.init(year: year, state: latest?.state, received: try desk.receivedDay(party: party, period: year),
                                   closed: try await desk.isClosed(party: party, period: year, today: today)))
            }
            return page(.ok, SubmissionPages.list(name: await partyName(party), years: lines, language: language))
        }
        router.get("/opgaven/jaaropgave/:year") { _, context -> Response in
            guard let (user, csrf) = school(context), let party = user.party,
                  let year = SchoolYear(context.parameters.get("year") ?? ""), desk.schoolYears(through: reports.asOf()).contains(year)
            else { return notFound() }
            return try await formPage(party: party, year: year, values: nil, refusal: nil, preview: nil, message: nil, csrf: csrf, status: .ok)
        }
        router.post("/opgaven/jaaropgave/:year") { request, context -> Response in
            guard let (user, csrf) = school(context), let party = user.party,
                  let year = SchoolYear(context.parameters.get("year") ?? ""), desk.schoolYears(through: reports.asOf()).contains(year)
            else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            let actor = SubmissionDesk.Actor(name: user.email, address: context.address)
            let values = Dictionary(uniqueKeysWithValues: AnnualReturn.fields.map { ($0.column, form[$0.column] ?? "") })
            let today = reports.asOf()
            do {
                switch form["actie"] {
                case "controleren":
                    if let refusal = try await desk.check(values, party: party, period: year.description, today: today) {
                        return try await formPage(party: party, year: year, values: values, refusal: refusal, preview: nil, message: nil,
                                                  csrf: csrf, status: .badRequest)
                    }
                    let preview = try desk.preview(values, party: party, period: year, today: today)
                    return try await formPage(party: party, year: year, values: values, refusal: nil, preview: preview,
                                              message: language.pick("De opgave klopt. Hieronder wat hij verandert; dien hem in als hij goed is.",
                                                                     "The return checks out. Below is what it changes; send it when it is right."),
                                              csrf: csrf, status: .ok)
                case "indienen":
                    let saved = try await desk.save(values, party: party, period: year, by: actor, now: now)
                    _ = try await desk.submit(id: saved.id, party: party, comment: form["toelichting"] ?? "", by: actor, now: now, today: today)
                    return try await formPage(party: party, year: year, values: nil, refusal: nil, preview: nil, message: language.pick(
                        "Ingediend. Het programmateam beoordeelt de opgave; daarna telt hij mee.",
                        "Sent. The programme team reviews the return; then it counts."), csrf: csrf, status: .ok)
                default:
                    _ = try await desk.save(values, party: party, period: year, by: actor, now: now)
                    return try await formPage(party: party, year: year, values: nil, refusal: nil, preview: nil, message: language.pick(
                        "Opgeslagen als concept. Het is nog niet ingediend.", "Saved as a draft. It has not been sent."), csrf: csrf, status: .ok)
                }
            } catch let refusal as SubmissionDesk.Refusal {
                return try await formPage(party: party, year: year, values: values, refusal: refusal, preview: nil, message: nil, csrf: csrf,
                                          status: .badRequest)
            }
        }

        router.get("/beheer/opgaven") { request, context -> Response in
            guard programmeTeam(context) != nil else { return notFound() }
            let party = request.uri.queryParameters.get("partij").flatMap { $0.isEmpty ? nil : String($0) }
            let stateText = request.uri.queryParameters.get("staat").map { String($0) }
            // By default what waits for the team; "alle" (an empty choice) shows every state.
            let state: SubmissionState? = stateText == nil ? .ingediend : stateText.flatMap(SubmissionState.init(rawValue:))
            return try await queuePage(party: party, state: state, refusal: nil, message: nil, csrf: context.csrf ?? "", status: .ok)
        }
        router.post("/beheer/opgaven/goedkeuren") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context) else { return notFound() }
            let pairs = try await Self.formPairs(request)
            guard pairs.first(where: { $0.0 == "csrf" })?.1 == csrf else { return forbidden() }
            let ids = pairs.filter { $0.0 == "id" }.compactMap { Int64($0.1) }
            guard !ids.isEmpty else {
                return try await queuePage(party: nil, state: .ingediend, refusal: SubmissionDesk.Refusal(general: [language.pick(
                    "Kies eerst een of meer opgaven.", "Choose one or more returns first.")]), message: nil, csrf: csrf, status: .badRequest)
            }
            // One by one: each is checked against the workspace as the ones before it left it.
            var approved: [Int64] = [], refused: [String] = []
            for id in ids {
                do {
                    _ = try await desk.approve(id: id, by: actor, now: now)
                    approved.append(id)
                } catch let refusal as SubmissionDesk.Refusal {
                    refused.append(language.pick("Opgave \(id): ", "Return \(id): ") + refusal.general.joined(separator: " "))
                }
            }
            let message = approved.isEmpty ? nil : language.pick("Goedgekeurd: ", "Approved: ") + approved.map { "\($0)" }.joined(separator: ", ") + "."
            return try await queuePage(party: nil, state: .ingediend, refusal: refused.isEmpty ? nil : SubmissionDesk.Refusal(general: refused),
                                       message: message, csrf: csrf, status: refused.isEmpty ? .ok : .badRequest)
        }
        router.post("/beheer/opgaven/heropenen") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context) else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            let party = form["partij"] ?? ""
            guard await schoolNames()[party] != nil, let year = SchoolYear(form["schooljaar"] ?? "") else {
                return try await queuePage(party: nil, state: .ingediend, refusal: SubmissionDesk.Refusal(general: [language.pick(
                    "Kies een school en een schooljaar.", "Choose a school and a school year.")]), message: nil, csrf: csrf, status: .badRequest)
            }
            do {
                try await desk.reopen(party: party, period: year, reason: form["reden"] ?? "",
                                      by: actor, now: now, today: reports.asOf())
            } catch let refusal as SubmissionDesk.Refusal {
                return try await queuePage(party: nil, state: .ingediend, refusal: refusal, message: nil, csrf: csrf, status: .badRequest)
            }
            return try await queuePage(party: nil, state: .ingediend, refusal: nil, message: language.pick(
                "Schooljaar \(year) is heropend voor \(await schoolNames()[party] ?? party).",
                "School year \(year) is reopened for \(await schoolNames()[party] ?? party)."), csrf: csrf, status: .ok)
        }
        router.get("/beheer/opgaven/:id") { _, context -> Response in
            guard let (_, csrf) = programmeTeam(context), let id = Int64(context.parameters.get("id") ?? ""),
                  let submission = try await desk.store.submission(id: id) else { return notFound() }
            return try await reviewPage(submission, refusal: nil, message: nil, csrf: csrf, status: .ok)
        }
        router.post("/beheer/opgaven/:id/:action") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context), let id = Int64(context.parameters.get("id") ?? ""),
                  let submission = try await desk.store.submission(id: id) else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            do {
                switch context.parameters.get("action") {
                case "goedkeuren":
                    let approved = try await desk.approve(id: id, by: actor, now: now)
                    return try await reviewPage(approved, refusal: nil, message: language.pick(
                        "Goedgekeurd en geschreven naar state/school-years.csv.", "Approved and written to state/school-years.csv."),
                        csrf: csrf, status: .ok)
                case "terugsturen":
                    let returned = try await desk.returnToParty(id: id, comment: form["opmerking"] ?? "", by: actor, now: now)
                    return try await reviewPage(returned, refusal: nil, message: language.pick(
                        "Teruggestuurd naar de school met uw opmerking.", "Returned to the school with your comment."), csrf: csrf, status: .ok)
                default:
                    return notFound()
                }
            } catch let refusal as SubmissionDesk.Refusal {
                return try await reviewPage(submission, refusal: refusal, message: nil, csrf: csrf, status: .badRequest)
            }
        }
    }

    /// The user and CSRF token when a school asks; nil otherwise (the annual return is a school's).
    func school(_ context: PortalContext) -> (PortalUser, String)? {
        guard let user = context.user, user.role == .school, let csrf = context.csrf else { return nil }
        return (user, csrf)
    }

    func partyName(_ party: String) async -> String {
        await reports.state().served?.parties.first { $0.id == party && $0.role != .board }?.name ?? party
    }

    func schoolNames() async -> [String: String] {
        Dictionary((await reports.state().served?.parties ?? []).filter { $0.role == .school }.map { ($0.id, $0.name) },
                   uniquingKeysWith: { first, _ in first })
    }

    func formPage(party: String, year: SchoolYear, values: [String: String]?, refusal: SubmissionDesk.Refusal?, preview: [PreviewLine]?,
                  message: String?, csrf: String, status: HTTPResponse.Status) async throws -> Response {
        let open = try await desk.openSubmission(party: party, period: year)
        let latest = try await desk.store.submissions(party: party, kind: AnnualReturn.kind).first { $0.period == year.description }
        var comments: [SubmissionComment] = []
        if let latest { comments = try await desk.store.comments(submission: latest.id) }
        let closed = try await desk.isClosed(party: party, period: year, today: reports.asOf())
        var shown = values ?? [:]
        if values == nil { shown = try await desk.prefill(party: party, period: year) }
        return page(status, SubmissionPages.form(name: await partyName(party), year: year, values: shown, state: latest?.state,
                                                 received: try desk.receivedDay(party: party, period: year),
                                                 locked: open?.state == .ingediend || (closed && open == nil), refusal: refusal, preview: preview,
                                                 comments: comments, message: message, csrf: csrf, language: language))
    }

    func queuePage(party: String?, state: SubmissionState?, refusal: SubmissionDesk.Refusal?, message: String?, csrf: String,
                   status: HTTPResponse.Status) async throws -> Response {
        let submissions = try await desk.store.submissions(party: party, states: state.map { [$0] }, kind: AnnualReturn.kind)
            .sorted { ($0.submittedAt ?? $0.updatedAt, $0.id) < ($1.submittedAt ?? $1.updatedAt, $1.id) }
        let today = reports.asOf()
        let closed = desk.schoolYears(through: today).filter { today > desk.deadline(of: $0) }
        return page(status, SubmissionPages.queue(submissions, names: await schoolNames(), party: party, state: state, now: now,
                                                  closedYears: closed, completeness: await reports.state().served?.returns ?? [],
                                                  refusal: refusal, message: message, csrf: csrf, language: language))
    }

    func reviewPage(_ submission: Submission, refusal: SubmissionDesk.Refusal?, message: String?, csrf: String,
                    status: HTTPResponse.Status) async throws -> Response {
        let current = try desk.currentRow(party: submission.party, period: submission.period)
        let comments = try await desk.store.comments(submission: submission.id)
        return page(status, SubmissionPages.review(submission, name: await schoolNames()[submission.party] ?? submission.party, current: current,
                                                   comments: comments, refusal: refusal, message: message, csrf: csrf, language: language))
    }
}

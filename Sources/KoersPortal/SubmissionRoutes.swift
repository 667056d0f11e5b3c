import CovenantModel
import Foundation
import Hummingbird
import PortalStore
import PortalSubmissions

/// Submissions in the portal: a school or institution fills in a form (its annual return, a
/// route's stage, its attendance of a meeting), checks it and sends it (`/opgaven`); the programme
/// team reviews, approves or returns it (`/beheer/opgaven`). Whose submission a request is about
/// comes from the session, never from the request: a party cannot report for another, nor on a
/// route or meeting it may not report on.
extension PortalApplication {
    func addSubmissionRoutes(to router: Router<PortalContext>) {
        router.get("/opgaven") { _, context -> Response in
            guard let (user, _) = reporter(context), let party = user.party else { return notFound() }
            let today = reports.asOf()
            let workspace = desk.loadWorkspace()
            let covenant = workspace?.covenant
            let all = try await desk.store.submissions(party: party)
            var lines: [SubmissionPages.SubjectLine] = []
            for form in SubmissionForm.all where !form.schoolsOnly || user.role == .school {
                for subject in desk.subjects(form, party: party, today: today, in: workspace) {
                    let latest = all.first { $0.kind == form.kind && $0.period == subject.id && form.keepsApproved(state: $0.state) }
                    let year = form.subject == .schoolYear ? SchoolYear(subject.id) : nil
                    lines.append(.init(form: form, subject: subject, state: latest?.state,
                                       received: try year.flatMap { try desk.receivedDay(party: party, period: $0) },
                                       closed: try await year.asyncMap { try await desk.isClosed(party: party, period: $0, today: today, covenant: covenant) } ?? false))
                }
            }
            return page(.ok, SubmissionPages.list(name: await partyName(party), lines: lines, language: language))
        }
        // A subject is one segment (`2026-27`, a route, a meeting), or two for a route's requirement (`route/R5`).
        for path in ["/opgaven/:kind/:period", "/opgaven/:kind/:period/:requirement"] {
            router.get(RouterPath(path)) { _, context -> Response in
                guard let (user, csrf) = reporter(context), let party = user.party,
                      let (form, subject, workspace) = formSubject(context, user: user) else { return notFound() }
                return try await formPage(form, subject: subject, party: party, workspace: workspace, values: nil, refusal: nil, preview: nil,
                                          message: nil, csrf: csrf, status: .ok)
            }
            router.post(RouterPath(path)) { request, context -> Response in
                try await postForm(request, context)
            }
        }

        router.get("/beheer/opgaven") { request, context -> Response in
            guard programmeTeam(context) != nil else { return notFound() }
            let query = request.uri.queryParameters
            func chosen(_ name: String) -> String? { query.get(name).flatMap { $0.isEmpty ? nil : String($0) } }
            let stateText = query.get("staat").map { String($0) }
            // By default what waits for the team; "alle" (an empty choice) shows every state.
            let filter = SubmissionPages.QueueFilter(
                party: chosen("partij"), state: stateText == nil ? .ingediend : stateText.flatMap(SubmissionState.init(rawValue:)),
                kind: chosen("soort").flatMap { SubmissionForm.named($0)?.kind }, olderThanDays: chosen("ouderdan").flatMap { Int($0) }.map { min(max($0, 0), 3650) })
            return try await queuePage(filter, refusal: nil, message: nil, csrf: context.csrf ?? "", status: .ok)
        }
        // Several at once, with one comment: approved (the comment optional) or returned (the comment required).
        for (path, returning) in [("/beheer/opgaven/goedkeuren", false), ("/beheer/opgaven/terugsturen", true)] {
            router.post(RouterPath(path)) { request, context -> Response in
                guard let (actor, csrf) = programmeTeam(context) else { return notFound() }
                let pairs = try await Self.formPairs(request)
                guard pairs.first(where: { $0.0 == "csrf" })?.1 == csrf else { return forbidden() }
                // Each chosen box is `id:version`, the version the queue showed.
                let chosen = pairs.filter { $0.0 == "id" }.compactMap { pair -> (id: Int64, seen: Int64?)? in
                    let parts = pair.1.split(separator: ":").map { Int64($0) }
                    guard let id = parts.first ?? nil else { return nil }
                    return (id, parts.count > 1 ? parts[1] : nil)
                }
                let ids = chosen.map(\.id)
                let comment = pairs.last(where: { $0.0 == "opmerking" })?.1.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                guard !ids.isEmpty else {
                    return try await queuePage(.init(state: .ingediend), refusal: SubmissionDesk.Refusal(general: [language.pick(
                        "Kies eerst een of meer opgaven.", "Choose one or more submissions first.")]), message: nil, csrf: csrf, status: .badRequest)
                }
                if returning && comment.isEmpty {
                    return try await queuePage(.init(state: .ingediend), refusal: SubmissionDesk.Refusal(fields: ["opmerking": language.pick(
                        "Schrijf bij het terugsturen wat de partijen moeten verbeteren.", "Say what the parties should correct when returning.")]),
                        message: nil, csrf: csrf, status: .badRequest)
                }
                // One by one: each approval is checked against the workspace as the ones before it left it.
                var done: [Int64] = [], refused: [String] = []
                for (id, seen) in chosen {
                    do {
                        if returning {
                            _ = try await desk.returnToParty(id: id, seen: seen, comment: comment, by: actor, now: now)
                        } else {
                            _ = try await desk.approve(id: id, seen: seen, by: actor, now: now, comment: comment)
                        }
                        done.append(id)
                    } catch let refusal as SubmissionDesk.Refusal {
                        refused.append(language.pick("Opgave \(id): ", "Submission \(id): ") + (refusal.general + refusal.fields.values.sorted()).joined(separator: " "))
                    }
                }
                await pending.forget()
                let list = done.map { "\($0)" }.joined(separator: ", ")
                let message = done.isEmpty ? nil : returning ? language.pick("Teruggestuurd: \(list).", "Returned: \(list).")
                    : language.pick("Goedgekeurd: \(list).", "Approved: \(list).")
                return try await queuePage(.init(state: .ingediend), refusal: refused.isEmpty ? nil : SubmissionDesk.Refusal(general: refused),
                                           message: message, csrf: csrf, status: refused.isEmpty ? .ok : .badRequest)
            }
        }
        router.post("/beheer/opgaven/heropenen") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context) else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            let party = form["partij"] ?? ""
            guard await schoolNames()[party] != nil, let year = SchoolYear(form["schooljaar"] ?? "") else {
                return try await queuePage(.init(state: .ingediend), refusal: SubmissionDesk.Refusal(general: [language.pick(
                    "Kies een school en een schooljaar.", "Choose a school and a school year.")]), message: nil, csrf: csrf, status: .badRequest)
            }
            do {
                try await desk.reopen(party: party, period: year, reason: form["reden"] ?? "",
                                      by: actor, now: now, today: reports.asOf())
            } catch let refusal as SubmissionDesk.Refusal {
                return try await queuePage(.init(state: .ingediend), refusal: refusal, message: nil, csrf: csrf, status: .badRequest)
            }
            return try await queuePage(.init(state: .ingediend), refusal: nil, message: language.pick(
                "Schooljaar \(year) is heropend voor \(await schoolNames()[party] ?? party).",
                "School year \(year) is reopened for \(await schoolNames()[party] ?? party)."), csrf: csrf, status: .ok)
        }
        router.get("/beheer/opgaven/:id") { _, context -> Response in
            guard let (_, csrf) = programmeTeam(context), let id = Int64(context.parameters.get("id") ?? ""),
                  let submission = try await desk.store.submission(id: id) else { return notFound() }
            return try await reviewPage(submission, refusal: nil, message: nil, csrf: csrf, status: .ok)
        }
        // The evidence file of a submission, for the programme team only, as an attachment.
        router.get("/beheer/opgaven/:id/bestand") { _, context -> Response in
            guard programmeTeam(context) != nil, let id = Int64(context.parameters.get("id") ?? ""),
                  let submission = try await desk.store.submission(id: id),
                  let file = EvidenceFile(descriptor: submission.fields["bestand"] ?? ""), let bytes = desk.evidence(file) else { return notFound() }
            return Response(status: .ok, headers: [.contentType: file.kind.mediaType, .cacheControl: "no-store",
                                                   .contentDisposition: Self.attachment(named: file.name)],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.post("/beheer/opgaven/:id/:action") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context), let id = Int64(context.parameters.get("id") ?? ""),
                  let submission = try await desk.store.submission(id: id) else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            do {
                switch context.parameters.get("action") {
                case "goedkeuren":
                    let approved = try await desk.approve(id: id, seen: form["versie"].flatMap { Int64($0) }, by: actor, now: now,
                                                          comment: form["opmerking"] ?? "")
                    await pending.forget()
                    let file = SubmissionForm.named(approved.kind)?.file ?? "state/"
                    return try await reviewPage(approved, refusal: nil, message: language.pick(
                        "Goedgekeurd en geschreven naar \(file).", "Approved and written to \(file)."),
                        csrf: csrf, status: .ok)
                case "terugsturen":
                    let returned = try await desk.returnToParty(id: id, seen: form["versie"].flatMap { Int64($0) }, comment: form["opmerking"] ?? "",
                                                                by: actor, now: now)
                    await pending.forget()
                    return try await reviewPage(returned, refusal: nil, message: language.pick(
                        "Teruggestuurd met uw opmerking.", "Returned with your comment."), csrf: csrf, status: .ok)
                default:
                    return notFound()
                }
            } catch let refusal as SubmissionDesk.Refusal {
                return try await reviewPage(submission, refusal: refusal, message: nil, csrf: csrf, status: .badRequest)
            }
        }
    }

    /// A party's form posted: saved, checked with a preview, or sent. The evidence form comes as
    /// multipart/form-data with its file, which is kept (type by content, at most 10 MB) before
    /// the rest is looked at; a file that is refused is reported at its field.
    func postForm(_ request: Request, _ context: PortalContext) async throws -> Response {
        guard let (user, csrf) = reporter(context), let party = user.party,
              let (form, subject, workspace) = formSubject(context, user: user) else { return notFound() }
        let today = reports.asOf()
        func show(_ status: HTTPResponse.Status, values: [String: String]? = nil, refusal: SubmissionDesk.Refusal? = nil,
                  preview: [PreviewLine]? = nil, message: String? = nil) async throws -> Response {
            try await formPage(form, subject: subject, party: party, workspace: workspace, values: values, refusal: refusal, preview: preview,
                               message: message, csrf: csrf, status: status)
        }
        let posted: [String: String], upload: (name: String, bytes: [UInt8])?
        do {
            (posted, upload) = try await Self.postedForm(request)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            return try await show(.contentTooLarge, refusal: SubmissionDesk.Refusal(fields: [
                "bestand": desk.evidenceRefusal(size: EvidenceFile.maximumSize + 1, kind: .pdf) ?? ""]))
        }
        guard posted["csrf"] == csrf else { return forbidden() }
        let actor = SubmissionDesk.Actor(name: user.email, address: context.address)
        var values = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.column, posted[$0.column] ?? "") })
        do {
            // A file: kept now, named by the submission. None chosen: the one sent before stays.
            if form.fields.contains(where: { $0.kind == .file }) {
                if let upload, !upload.bytes.isEmpty {
                    values["bestand"] = try desk.keepEvidence(upload.bytes, name: upload.name).descriptor
                } else {
                    values["bestand"] = try await desk.openSubmission(form, party: party, period: subject.id)?.fields["bestand"] ?? ""
                }
            }
            switch posted["actie"] {
            case "controleren":
                if let refusal = try await desk.check(values, form: form, party: party, period: subject.id, today: today) {
                    return try await show(.badRequest, values: values, refusal: refusal)
                }
                let preview = try desk.preview(values, form: form, party: party, period: subject.id, today: today)
                return try await show(.ok, values: values, preview: preview, message: language.pick(
                    "De opgave klopt. Hieronder wat hij verandert; dien hem in als hij goed is.",
                    "The submission checks out. Below is what it changes; send it when it is right."))
            case "indienen":
                let saved = try await desk.save(values, form: form, party: party, period: subject.id, by: actor, now: now)
                await pending.forget()  // a concept now, even if sending it is refused
                _ = try await desk.submit(id: saved.id, party: party, comment: posted["toelichting"] ?? "", by: actor, now: now, today: today)
                await pending.forget()
                return try await show(.ok, message: language.pick("Ingediend. Het programmateam beoordeelt de opgave; daarna telt hij mee.",
                                                                  "Sent. The programme team reviews the submission; then it counts."))
            default:
                _ = try await desk.save(values, form: form, party: party, period: subject.id, by: actor, now: now)
                await pending.forget()
                return try await show(.ok, message: language.pick("Opgeslagen als concept. Het is nog niet ingediend.",
                                                                  "Saved as a draft. It has not been sent."))
            }
        } catch let refusal as SubmissionDesk.Refusal {
            return try await show(.badRequest, values: values, refusal: refusal)
        }
    }

    /// A posted form's fields, and its file if it came as multipart/form-data (the evidence
    /// form): at most 10 MB and a little for the fields; larger is `contentTooLarge`.
    static func postedForm(_ request: Request) async throws -> ([String: String], (name: String, bytes: [UInt8])?) {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = type.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
        else { return (try await form(request), nil) }
        let body = try await request.body.collect(upTo: EvidenceFile.maximumSize + 64 * 1024)
        let parts = try MultipartForm.parts(of: body, boundary: String(boundary).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        var fields: [String: String] = [:], upload: (name: String, bytes: [UInt8])?
        for part in parts {
            guard let name = part.name else { continue }
            if let file = part.filename {
                if upload == nil { upload = (file, Array(part.content.readableBytesView)) }
            } else {
                fields[name] = String(buffer: part.content)
            }
        }
        return (fields, upload)
    }

    /// The user and CSRF token when a school or institution asks; nil otherwise (they report
    /// their own data; boards, the stuurgroep and the programme team do not fill in forms).
    func reporter(_ context: PortalContext) -> (PortalUser, String)? {
        guard let user = context.user, user.role == .school || user.role == .institution, user.party != nil, let csrf = context.csrf
        else { return nil }
        return (user, csrf)
    }

    /// The form and subject a request's address names, when the user may report on it; the
    /// workspace as loaded for it.
    func formSubject(_ context: PortalContext, user: PortalUser) -> (SubmissionForm, FormSubject, Workspace?)? {
        guard let party = user.party, let form = SubmissionForm.named(context.parameters.get("kind") ?? ""),
              !form.schoolsOnly || user.role == .school else { return nil }
        let period = [context.parameters.get("period"), context.parameters.get("requirement")].compactMap { $0 }.joined(separator: "/")
        let workspace = desk.loadWorkspace()
        guard let subject = desk.subjects(form, party: party, today: reports.asOf(), in: workspace).first(where: { $0.id == period })
        else { return nil }
        return (form, subject, workspace)
    }

    func partyName(_ party: String) async -> String {
        await reports.state().served?.parties.first { $0.id == party && $0.role != .board }?.name ?? party
    }

    /// The schools and institutions by id, with their names: who can submit.
    func partyNames() async -> [String: String] {
        Dictionary((await reports.state().served?.parties ?? []).filter { $0.role == .school || $0.role == .institution }.map { ($0.id, $0.name) },
                   uniquingKeysWith: { first, _ in first })
    }

    func schoolNames() async -> [String: String] {
        Dictionary((await reports.state().served?.parties ?? []).filter { $0.role == .school }.map { ($0.id, $0.name) },
                   uniquingKeysWith: { first, _ in first })
    }

    func formPage(_ form: SubmissionForm, subject: FormSubject, party: String, workspace: Workspace?, values: [String: String]?,
                  refusal: SubmissionDesk.Refusal?, preview: [PreviewLine]?, message: String?, csrf: String,
                  status: HTTPResponse.Status) async throws -> Response {
        let open = try await desk.openSubmission(form, party: party, period: subject.id)
        let latest = try await desk.store.submissions(party: party, kind: form.kind).first {
            $0.period == subject.id && form.keepsApproved(state: $0.state)
        }
        var comments: [SubmissionComment] = []
        if let latest { comments = try await desk.store.comments(submission: latest.id) }
        let year = form.subject == .schoolYear ? SchoolYear(subject.id) : nil
        let closed = try await year.asyncMap { try await desk.isClosed(party: party, period: $0, today: reports.asOf(), covenant: workspace?.covenant) } ?? false
        // A meeting the party is recorded at has nothing left to report.
        let settled = form.subject == .event && subject.done
        var shown = values ?? [:]
        if values == nil { shown = try await desk.prefill(form, party: party, period: subject.id, in: workspace) }
        return page(status, SubmissionPages.form(form, subject: subject, name: await partyName(party), values: shown, state: latest?.state,
                                                 received: try year.flatMap { try desk.receivedDay(party: party, period: $0) },
                                                 locked: open?.state == .ingediend || ((closed || settled) && open == nil), refusal: refusal,
                                                 preview: preview, comments: comments, message: message, csrf: csrf, language: language))
    }

    func queuePage(_ filter: SubmissionPages.QueueFilter, refusal: SubmissionDesk.Refusal?, message: String?, csrf: String,
                   status: HTTPResponse.Status) async throws -> Response {
        let now = now
        let submissions = try await desk.store.submissions(party: filter.party, states: filter.state.map { [$0] }, kind: filter.kind)
            .filter { submission in filter.olderThanDays.map { days in (submission.submittedAt ?? submission.updatedAt) <= now - Int64(days) * 86_400 } ?? true }
            .sorted { ($0.submittedAt ?? $0.updatedAt, $0.id) < ($1.submittedAt ?? $1.updatedAt, $1.id) }
        let today = reports.asOf()
        let covenant = desk.covenant()
        let closed = desk.schoolYears(through: today, covenant: covenant).filter { today > desk.deadline(of: $0, covenant: covenant) }
        return page(status, SubmissionPages.queue(submissions, names: await partyNames(), schools: await schoolNames(), filter: filter, now: now,
                                                  closedYears: closed, completeness: await reports.state().served?.returns ?? [],
                                                  refusal: refusal, message: message, csrf: csrf, language: language))
    }

    func reviewPage(_ submission: Submission, refusal: SubmissionDesk.Refusal?, message: String?, csrf: String,
                    status: HTTPResponse.Status) async throws -> Response {
        let (current, proposed) = try desk.rows(of: submission)
        let comments = try await desk.store.comments(submission: submission.id)
        return page(status, SubmissionPages.review(submission, name: await partyNames()[submission.party] ?? submission.party, current: current,
                                                   proposed: proposed, comments: comments, refusal: refusal, message: message, csrf: csrf, language: language))
    }
}

extension PortalApplication {
    /// `attachment; filename="…"` for any name: an ASCII fallback (other characters as `_`) and
    /// the name itself in UTF-8 (RFC 6266, RFC 8187), so "Overeenkomst één.pdf" arrives as itself.
    static func attachment(named name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_~"))) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

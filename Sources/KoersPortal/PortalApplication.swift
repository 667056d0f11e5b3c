import CovenantModel
import Foundation
import Hummingbird
import PortalAccounts
import PortalStore
import PortalSubmissions

/// `koers serve`: the report's pages for each party, behind a login. Every page request goes
/// through ``AccessPolicy`` (in ``ReportCache``'s current report); what a user may not see does
/// not exist for them (404).
public struct PortalApplication: Sendable {
    public var accounts: Accounts
    public var reports: ReportCache
    /// Cookies get `Secure` when the portal is reached over https (`--public-url https://…`).
    public var secureCookies: Bool
    public var language: Language
    /// Where users reach the portal (`--public-url`), for the invitation links the programme
    /// team makes in it; nil to use the address of the request.
    public var publicURL: String?
    /// Behind a proxy every connection comes from the proxy, so the client's address is the
    /// last one the proxy added to `X-Forwarded-For`. Only then: a client that reaches the
    /// portal directly could otherwise name any address, and dodge the per-address login limit.
    public var behindProxy: Bool
    /// Where the parties' returns go from form to workspace.
    public var desk: SubmissionDesk
    /// What does not count yet, per party, for the notice on its self-check.
    let pending: PendingSubmissions
    /// Now, in Unix seconds: the real clock, or a fixed one in tests.
    public var clock: @Sendable () -> Int64

    public init(accounts: Accounts, reports: ReportCache, secureCookies: Bool, language: Language = .nl, publicURL: String? = nil,
                behindProxy: Bool = false, clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.accounts = accounts
        self.reports = reports
        self.secureCookies = secureCookies
        self.language = language
        self.publicURL = publicURL
        self.behindProxy = behindProxy
        self.clock = clock
        desk = SubmissionDesk(store: accounts.store, workspace: reports.workspace, language: language)
        pending = PendingSubmissions(store: accounts.store)
    }

    static let sessionCookie = "koers_sessie"
    /// Before login there is no session: the login form's CSRF token is also set as a cookie,
    /// and the two must match (double submit).
    static let formCookie = "koers_formulier"

    public func router() -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: SessionMiddleware(accounts: accounts, behindProxy: behindProxy, clock: clock))
        router.get("/") { _, context -> Response in
            guard let user = context.user else { return .redirect(to: "/inloggen", type: .found) }
            let state = await reports.state()
            guard let home = state.served?.policy.home(role: user.role, party: user.party) else {
                // The programme team gets the reason: the validation messages of the workspace.
                let reasons = user.role == .programme && !state.problems.isEmpty
                    ? " " + language.pick("De werkmap heeft fouten: ", "The workspace has errors: ") + state.problems.prefix(20).joined(separator: " · ")
                    : ""
                return page(.ok, Pages.notice(title: language.pick("Nog geen rapport", "No report yet"),
                                              text: language.pick("Er is nog geen rapport voor uw account.", "There is no report for your account yet.")
                                                  + reasons, language: language))
            }
            return .redirect(to: "/rapport/\(home)", type: .found)
        }
        router.get("/inloggen") { _, _ -> Response in
            let token = Accounts.newToken()
            var response = page(.ok, Pages.login(csrf: token, message: nil, language: language))
            response.setCookie(formCookie(token))
            return response
        }
        router.post("/inloggen") { request, context -> Response in
            let form = try await Self.form(request)
            guard let token = request.cookies[Self.formCookie]?.value, form["csrf"] == token else { return forbidden() }
            do {
                let login = try await accounts.login(email: form["email"] ?? "", password: form["wachtwoord"] ?? "",
                                                     address: context.address, now: now)
                var response = Response.redirect(to: "/", type: .found)
                response.setCookie(Cookie(name: Self.sessionCookie, value: login.session, path: "/", secure: secureCookies,
                                          httpOnly: true, sameSite: .lax))
                return response
            } catch let refusal as Accounts.Refusal {
                let fresh = Accounts.newToken()
                var response = page(refusal == .rateLimited ? .tooManyRequests : .unauthorized,
                                    Pages.login(csrf: fresh, message: Pages.refusalText(refusal, language: language), language: language))
                response.setCookie(formCookie(fresh))
                return response
            }
        }
        router.post("/uitloggen") { request, context -> Response in
            guard let user = context.user, let token = context.sessionToken else { return .redirect(to: "/inloggen", type: .found) }
            let form = try await Self.form(request)
            guard form["csrf"] == context.csrf else { return forbidden() }
            try await accounts.logout(token: token, user: user, address: context.address, now: now)
            var response = Response.redirect(to: "/inloggen", type: .found)
            response.setCookie(Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
        router.get("/uitnodiging/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            guard let user = try await accounts.invitation(token: token, now: now) else {
                return page(.notFound, Pages.notice(title: language.pick("Link verlopen of gebruikt", "Link expired or used"),
                                                    text: Pages.refusalText(.invitationInvalid, language: language), language: language))
            }
            let form = Accounts.newToken()
            var response = page(.ok, Pages.setPassword(email: user.email, csrf: form, message: nil, language: language))
            response.setCookie(formCookie(form))
            return response
        }
        router.post("/uitnodiging/:token") { request, context -> Response in
            let token = context.parameters.get("token") ?? ""
            let form = try await Self.form(request)
            guard let cookie = request.cookies[Self.formCookie]?.value, form["csrf"] == cookie else { return forbidden() }
            guard form["wachtwoord"] == form["herhaling"] else {
                let email = try await accounts.invitation(token: token, now: now)?.email ?? ""
                return page(.badRequest, Pages.setPassword(email: email, csrf: cookie,
                                                           message: language.pick("De twee wachtwoorden verschillen.", "The two passwords differ."),
                                                           language: language))
            }
            do {
                _ = try await accounts.acceptInvitation(token: token, password: form["wachtwoord"] ?? "", address: context.address, now: now)
                return .redirect(to: "/inloggen", type: .found)
            } catch let refusal as Accounts.Refusal {
                let email = try await accounts.invitation(token: token, now: now)?.email ?? ""
                return page(refusal == .invitationInvalid ? .notFound : .badRequest,
                            Pages.setPassword(email: email, csrf: cookie, message: Pages.refusalText(refusal, language: language), language: language))
            }
        }
        router.get("/rapport/**") { request, context -> Response in
            guard let user = context.user else { return .redirect(to: "/inloggen", type: .found) }
            let path = String(request.uri.path.dropFirst("/rapport/".count))
            let state = await reports.state()
            guard let served = state.served, served.policy.allows(role: user.role, party: user.party, page: path),
                  let contents = served.pages[path] else { return notFound() }
            if let type = Self.downloadTypes.first(where: { path.hasSuffix($0.key) })?.value {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"",
                                                       .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: contents)))
            }
            guard let view = await reports.view(of: path, role: user.role, party: user.party) else { return notFound() }
            // A self-check offers its own figures as files too.
            let stem = String(path.dropLast(".html".count))
            let downloads = path.hasPrefix("schools/") ? [".csv", ".json"].map { stem + $0 }.filter {
                served.policy.allows(role: user.role, party: user.party, page: $0)
            } : []
            // A school's or institution's own page says which of its submissions do not count yet.
            var notices: [String] = []
            if let party = user.party, (user.role == .school && path == "schools/school-\(party).html")
                || (user.role == .institution && path == "schools/instelling-\(party).html") {
                notices = try await pending.of(party).map {
                    "\(SubmissionForm.named($0.kind)?.title.text(in: language) ?? $0.kind) \($0.period): "
                        + SubmissionPages.stateName($0.state, language: language)
                        + language.pick(" — telt pas mee na goedkeuring.", " — counts only once approved.")
                }
            }
            let banner = Pages.banner(user: user, csrf: context.csrf ?? "", asOf: served.asOf,
                                      problems: user.role == .programme ? state.problems : [], stale: !state.invalid.isEmpty,
                                      downloads: downloads, notices: notices, language: language)
            return page(.ok, view.with(banner: banner))
        }
        addManagementRoutes(to: router)
        addSubmissionRoutes(to: router)
        addImportRoutes(to: router)
        addFeedRoutes(to: router)
        return router
    }

    /// The report's files that are downloaded rather than shown, by ending.
    static let downloadTypes: [String: String] = [
        ".ics": "text/calendar; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".json": "application/json",
    ]

    func notFound() -> Response {
        page(.notFound, Pages.notice(title: language.pick("Niet gevonden", "Not found"),
                                     text: language.pick("Deze pagina bestaat niet.", "This page does not exist."), language: language))
    }

    func forbidden() -> Response {
        page(.forbidden, Pages.notice(title: language.pick("Formulier verlopen", "Form expired"),
                                      text: language.pick("Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.",
                                                          "The form has expired. Reload the page and try again."), language: language))
    }

    func formCookie(_ token: String) -> Cookie {
        Cookie(name: Self.formCookie, value: token, maxAge: 3600, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    func page(_ status: HTTPResponse.Status, _ html: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A posted form, at most 16 kB; of a field given twice, the last value.
    static func form(_ request: Request) async throws -> [String: String] {
        Dictionary(try await formPairs(request), uniquingKeysWith: { _, last in last })
    }

    /// A posted form's fields in order, a field given more than once (checkboxes) each time.
    static func formPairs(_ request: Request) async throws -> [(String, String)] {
        let body = try await request.body.collect(upTo: 16 * 1024)
        return String(buffer: body).split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    var now: Int64 { clock() }
}

/// Loads the session of the cookie (and, behind a proxy, the client's address) into the
/// context. Each form's route checks its CSRF token against the session's (or, before a session,
/// against the form cookie).
struct SessionMiddleware: RouterMiddleware {
    let accounts: Accounts
    let behindProxy: Bool
    let clock: @Sendable () -> Int64

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        var context = context
        if behindProxy, let forwarded = Self.forwardedAddress(request.headers[values: .init("X-Forwarded-For")!]) {
            context.address = forwarded
        }
        if let token = request.cookies[PortalApplication.sessionCookie]?.value, !token.isEmpty,
           let session = try await accounts.session(token: token, now: clock()) {
            context.user = session.user
            context.csrf = session.csrf
            context.sessionToken = token
        }
        return try await next(request, context)
    }
}

extension SessionMiddleware {
    /// The address the nearest proxy saw: the last entry of the last `X-Forwarded-For` header
    /// (the earlier ones are whatever the client claimed).
    static func forwardedAddress(_ headers: [String]) -> String? {
        guard let last = headers.last?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty else { return nil }
        return last
    }
}

/// The headers every answer carries: no script at all, nothing from elsewhere, no framing.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = PortalContext

    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "\(error.status.code) \(error.status.reasonPhrase)\n")))
        } catch {
            // Never internals: the log has them, the page says only that something went wrong.
            context.logger.error("request failed: \(error)")
            response = Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "500 Er ging iets mis / Something went wrong\n")))
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }
}

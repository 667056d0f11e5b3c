import CovenantModel
import Foundation
import Hummingbird
import PortalAccounts
import PortalStore

/// The programme team's pages under `/beheer/`: the accounts and the audit log. To every other
/// role they do not exist (404), like a page of another party. Every change goes through
/// ``Accounts``, which writes the audit line, exactly as `koers users` does.
extension PortalApplication {
    func addManagementRoutes(to router: Router<PortalContext>) {
        router.get("/beheer/gebruikers") { _, context -> Response in
            guard let (_, csrf) = programmeTeam(context) else { return notFound() }
            return try await usersPage(csrf: csrf, form: .init(), errors: [:], message: nil, status: .ok)
        }
        router.post("/beheer/gebruikers") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context) else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            let fields = ManagementPages.InviteForm(email: form["email"] ?? "", name: form["naam"] ?? "", role: form["rol"] ?? "",
                                                    party: form["partij"] ?? "")
            var errors: ManagementPages.FieldErrors = [:]
            // Every field at once, so that one round trip shows every mistake.
            if !Accounts.looksLikeEmail(fields.email.trimmingCharacters(in: .whitespaces).lowercased()) {
                errors["email"] = Pages.refusalText(.invalidEmail(fields.email), language: language)
            }
            let choice = await roleAndParty(role: fields.role, party: fields.party, errors: &errors)
            if !errors.isEmpty || choice == nil {
                return try await usersPage(csrf: csrf, form: fields, errors: errors, message: nil, status: .badRequest)
            }
            do {
                let invitation = try await accounts.invite(email: fields.email, name: fields.name, role: choice!.role, party: choice!.party,
                                                           by: actor, now: now)
                return page(.ok, ManagementPages.link(link(invitation, request: request), for: invitation.user, expiresAt: invitation.expiresAt,
                                                      title: language.pick("Uitnodiging gemaakt", "Invitation made"), language: language))
            } catch let refusal as Accounts.Refusal {
                errors[Self.field(of: refusal)] = Pages.refusalText(refusal, language: language)
            } catch let error as PortalStoreError {
                errors["email"] = Pages.sentence(error.text(in: language))
            }
            return try await usersPage(csrf: csrf, form: fields, errors: errors, message: nil, status: .badRequest)
        }
        router.get("/beheer/gebruikers/:id") { _, context -> Response in
            guard let (actor, csrf) = programmeTeam(context), let user = try await accounts.store.user(id: context.parameters.get("id") ?? "")
            else { return notFound() }
            return await userPage(user, actor: actor, csrf: csrf, errors: [:], message: nil, status: .ok)
        }
        router.post("/beheer/gebruikers/:id/:action") { request, context -> Response in
            guard let (actor, csrf) = programmeTeam(context), let user = try await accounts.store.user(id: context.parameters.get("id") ?? "")
            else { return notFound() }
            let form = try await Self.form(request)
            guard form["csrf"] == csrf else { return forbidden() }
            var errors: ManagementPages.FieldErrors = [:]
            do {
                switch context.parameters.get("action") ?? "" {
                case "rol":
                    guard let choice = await roleAndParty(role: form["rol"] ?? "", party: form["partij"] ?? "", errors: &errors) else { break }
                    let changed = try await accounts.changeRole(email: user.email, role: choice.role, party: choice.party, by: actor, now: now)
                    return await userPage(changed, actor: actor, csrf: csrf, errors: [:], message: language.pick(
                        "De rol is gewijzigd; de sessies van dit account zijn beëindigd.", "The role has changed; the account's sessions have ended."),
                        status: .ok)
                case "uitschakelen", "inschakelen":
                    let disable = context.parameters.get("action") == "uitschakelen"
                    try await accounts.setDisabled(email: user.email, disable, by: actor, now: now)
                    let now = try await accounts.store.user(id: user.id) ?? user
                    return await userPage(now, actor: actor, csrf: csrf, errors: [:], message: disable
                        ? language.pick("Het account is uitgeschakeld; de sessies zijn beëindigd.", "The account is disabled; its sessions have ended.")
                        : language.pick("Het account is weer ingeschakeld.", "The account is enabled again."), status: .ok)
                case "herstellen":
                    let invitation = try await accounts.reset(email: user.email, by: actor, now: now)
                    return page(.ok, ManagementPages.link(link(invitation, request: request), for: invitation.user,
                                                          expiresAt: invitation.expiresAt,
                                                          title: language.pick("Nieuwe wachtwoordlink", "New password link"), language: language))
                default:
                    return notFound()
                }
            } catch let refusal as Accounts.Refusal {
                errors[refusal == .ownAccount ? "algemeen" : Self.field(of: refusal)] = Pages.refusalText(refusal, language: language)
            }
            return await userPage(user, actor: actor, csrf: csrf, errors: errors, message: nil, status: .badRequest)
        }
        router.get("/beheer/logboek") { request, context -> Response in
            guard programmeTeam(context) != nil else { return notFound() }
            let party = request.uri.queryParameters.get("partij").flatMap { $0.isEmpty ? nil : $0 }
            let before = request.uri.queryParameters.get("voor").flatMap { Int64($0) }
            let pageSize = 100
            // One line more than shown tells whether there are older ones.
            let entries = try await accounts.store.auditLogPage(party: party, before: before, limit: pageSize + 1)
            let shown = Array(entries.prefix(pageSize))
            let parties = await reports.state().served?.parties ?? []
            return page(.ok, ManagementPages.auditLog(shown, party: party, parties: parties,
                                                      older: entries.count > pageSize ? shown.last?.sequence : nil, language: language))
        }
    }

    /// The actor and CSRF token when the request comes from the programme team; nil otherwise.
    func programmeTeam(_ context: PortalContext) -> (Accounts.Actor, String)? {
        guard let user = context.user, user.role == .programme, let csrf = context.csrf else { return nil }
        return (Accounts.Actor(name: user.email, address: context.address), csrf)
    }

    /// The role and party a form chose, checked against the parties of the report; the errors
    /// by field otherwise. The party field's value is `role/id`, so that an id that is both a
    /// school and a board is unambiguous.
    func roleAndParty(role: String, party: String, errors: inout ManagementPages.FieldErrors) async -> (role: PortalRole, party: String?)? {
        guard let role = PortalRole(rawValue: role) else {
            errors["rol"] = language.pick("Kies een rol.", "Choose a role.")
            return nil
        }
        guard role.needsParty else {
            if !party.isEmpty { errors["partij"] = Pages.refusalText(.partyNotExpected(role), language: language) }
            return errors.isEmpty ? (role, nil) : nil
        }
        let parts = party.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            errors["partij"] = language.pick("Kies de partij waar dit account bij hoort.", "Choose the party this account belongs to.")
            return nil
        }
        guard let parties = await reports.state().served?.parties else {
            errors["partij"] = language.pick("De werkmap heeft fouten, dus de partij is niet te controleren; los ze eerst op.",
                                             "The workspace has errors, so the party cannot be checked; fix them first.")
            return nil
        }
        guard parts[0] == role.rawValue else {
            errors["partij"] = language.pick("Deze partij is geen \(ManagementPages.roleName(role, language: language)); kies een partij die bij de rol past.",
                                             "This party is not a \(ManagementPages.roleName(role, language: language)); choose a party that fits the role.")
            return nil
        }
        guard parties.contains(where: { $0.role == role && $0.id == parts[1] }) else {
            errors["partij"] = language.pick("Deze partij staat niet (meer) in het rapport.", "This party is not (or no longer) in the report.")
            return nil
        }
        return (role, parts[1])
    }

    /// The form field a refusal is about.
    static func field(of refusal: Accounts.Refusal) -> String {
        switch refusal {
        case .invalidEmail, .noSuchUser: "email"
        case .partyNeeded, .partyNotExpected: "partij"
        default: "algemeen"
        }
    }

    func usersPage(csrf: String, form: ManagementPages.InviteForm, errors: ManagementPages.FieldErrors, message: String?,
                   status: HTTPResponse.Status) async throws -> Response {
        let users = try await accounts.store.users()
        let parties = await reports.state().served?.parties ?? []
        var errors = errors
        if let general = errors.removeValue(forKey: "algemeen") { errors["email"] = general }
        return page(status, ManagementPages.users(users, parties: parties, form: form, errors: errors, message: message, csrf: csrf,
                                                  language: language))
    }

    func userPage(_ user: PortalUser, actor: Accounts.Actor, csrf: String, errors: ManagementPages.FieldErrors, message: String?,
                  status: HTTPResponse.Status) async -> Response {
        let parties = await reports.state().served?.parties ?? []
        return page(status, ManagementPages.user(user, parties: parties, errors: errors, message: message, isSelf: user.email == actor.name,
                                                 csrf: csrf, language: language))
    }

    /// The invitation link: at `--public-url`, or else at the address the request came to.
    func link(_ invitation: Accounts.Invitation, request: Request) -> String {
        let base = publicURL ?? "http://\(request.head.authority ?? "127.0.0.1:8080")"
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/uitnodiging/\(invitation.token)"
    }
}

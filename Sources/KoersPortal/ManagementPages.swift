import CovenantModel
import PortalAccounts
import PortalStore

/// The programme team's own pages: the accounts (invite, change a role, disable, enable, a new
/// password link) and the audit log. Same rules as ``Pages``: no script, every field labelled, an
/// error next to its field, nothing wider than a phone.
enum ManagementPages {
    /// What a form field said wrong, by field name ("email", "rol", "partij").
    typealias FieldErrors = [String: String]

    /// The invitation form's values, kept when the form comes back with an error.
    struct InviteForm {
        var email = ""
        var name = ""
        var role = ""
        var party = ""
    }

    static func roleName(_ role: PortalRole, language: Language) -> String {
        switch role {
        case .programme: language.pick("programmateam", "programme team")
        case .board: language.pick("bestuur", "board")
        case .school: "school"
        case .institution: language.pick("mbo-instelling", "mbo institution")
        case .stuurgroep: "stuurgroep"
        }
    }

    /// The audit log's actions as the programme team reads them.
    static func actionName(_ action: String, language: Language) -> String {
        switch action {
        case "account-added": language.pick("account aangemaakt", "account added")
        case "invitation": language.pick("uitnodiging gemaakt", "invitation made")
        case "reset-link": language.pick("wachtwoordlink gemaakt", "password link made")
        case "password-set": language.pick("wachtwoord ingesteld", "password set")
        case "password-reset": language.pick("wachtwoord gewist", "password cleared")
        case "login": language.pick("ingelogd", "logged in")
        case "login-failed": language.pick("inloggen mislukt", "login failed")
        case "login-refused": language.pick("inloggen geweigerd (te vaak mislukt)", "login refused (failed too often)")
        case "logout": language.pick("uitgelogd", "logged out")
        case "account-disabled": language.pick("account uitgeschakeld", "account disabled")
        case "account-enabled": language.pick("account ingeschakeld", "account enabled")
        case "role-changed": language.pick("rol gewijzigd", "role changed")
        default: action
        }
    }

    static func userState(_ user: PortalUser, language: Language) -> String {
        user.disabled ? language.pick("uitgeschakeld", "disabled")
            : user.hasPassword ? language.pick("actief", "active") : language.pick("uitgenodigd, nog geen wachtwoord", "invited, no password yet")
    }

    /// The bar of links between the programme team's pages.
    static func navigation(language: Language) -> String {
        """
        <nav aria-label="\(language.pick("Beheer", "Management"))" class="beheer"><a href="/">\(language.pick("Rapport", "Report"))</a> \
        <a href="/beheer/opgaven">\(language.pick("Opgaven", "Returns"))</a> \
        <a href="/beheer/import">\(language.pick("Import", "Import"))</a> \
        <a href="/beheer/gebruikers">\(language.pick("Gebruikers", "Users"))</a> \
        <a href="/beheer/logboek">\(language.pick("Logboek", "Audit log"))</a></nav>
        """
    }

    static func users(_ users: [PortalUser], parties: [ReportCache.PartyChoice], form: InviteForm, errors: FieldErrors,
                      message: String?, csrf: String, language: Language) -> String {
        let names = Dictionary(parties.map { ("\($0.role.rawValue)/\($0.id)", $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = users.map { user -> String in
            let party = user.party.map { id in names["\(user.role.rawValue)/\(id)"].map { "\($0) (\(id))" } ?? id }
            return """
                <li><a href="/beheer/gebruikers/\(Pages.escape(user.id))">\(Pages.escape(user.email))</a>\
                <br>\(Pages.escape(user.name)) · \(roleName(user.role, language: language))\(party.map { " · " + Pages.escape($0) } ?? "") \
                · <span class="staat">\(userState(user, language: language))</span></li>
                """
        }.joined(separator: "\n")
        let body = """
            \(navigation(language: language))
            <h1>\(language.pick("Gebruikers", "Users"))</h1>
            \(message.map { "<p class=\"gelukt\" role=\"status\">\(Pages.escape($0))</p>" } ?? "")
            \(users.isEmpty ? "<p>\(language.pick("Nog geen accounts.", "No accounts yet."))</p>" : "<ul class=\"lijst\">\n\(rows)\n</ul>")
            <h2 id="uitnodigen">\(language.pick("Iemand uitnodigen", "Invite someone"))</h2>
            <p>\(language.pick("Koers maakt een link die 7 dagen werkt en één keer te gebruiken is; stuur die zelf naar de persoon.",
                               "Koers makes a link that works for 7 days, once; send it to the person yourself."))</p>
            <form method="post" action="/beheer/gebruikers" novalidate>
            <input type="hidden" name="csrf" value="\(Pages.escape(csrf))">
            \(field("email", label: language.pick("E-mailadres", "Email address"), value: form.email, type: "email", errors: errors))
            \(field("naam", label: language.pick("Naam", "Name"), value: form.name, type: "text", errors: errors))
            \(roleAndParty(role: form.role, party: form.party, parties: parties, errors: errors, language: language))
            <button type="submit">\(language.pick("Uitnodiging maken", "Make the invitation"))</button>
            </form>
            """
        return Pages.document(title: language.pick("Gebruikers", "Users"), body: body, language: language, wide: true)
    }

    static func user(_ user: PortalUser, parties: [ReportCache.PartyChoice], errors: FieldErrors, message: String?, isSelf: Bool,
                     csrf: String, language: Language) -> String {
        let party = user.party.map { id in parties.first { $0.role == user.role && $0.id == id }.map { "\($0.name) (\(id))" } ?? id }
        let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(Pages.escape(csrf))\">"
        let base = "/beheer/gebruikers/\(Pages.escape(user.id))"
        var body = """
            \(navigation(language: language))
            <h1>\(Pages.escape(user.email))</h1>
            \(message.map { "<p class=\"gelukt\" role=\"status\">\(Pages.escape($0))</p>" } ?? "")
            \(errors["algemeen"].map { "<p class=\"melding\" role=\"alert\">\(Pages.escape($0))</p>" } ?? "")
            <dl>
            <dt>\(language.pick("Naam", "Name"))</dt><dd>\(Pages.escape(user.name))</dd>
            <dt>\(language.pick("Rol", "Role"))</dt><dd>\(roleName(user.role, language: language))</dd>
            <dt>\(language.pick("Partij", "Party"))</dt><dd>\(party.map(Pages.escape) ?? "–")</dd>
            <dt>\(language.pick("Staat", "State"))</dt><dd>\(userState(user, language: language))</dd>
            <dt>\(language.pick("Aangemaakt", "Created"))</dt><dd>\(Accounts.timestamp(user.createdAt))</dd>
            </dl>
            """
        if isSelf {
            body += "<p>" + language.pick("Dit is uw eigen account: een collega van het programmateam kan de rol wijzigen of het uitschakelen.",
                                          "This is your own account: a colleague in the programme team can change its role or disable it.") + "</p>"
        } else {
            body += """
                <h2>\(language.pick("Rol wijzigen", "Change the role"))</h2>
                <p>\(language.pick("De sessies van dit account eindigen; de persoon logt opnieuw in.",
                                   "The account's sessions end; the person logs in again."))</p>
                <form method="post" action="\(base)/rol" novalidate>\(hidden)
                \(roleAndParty(role: user.role.rawValue, party: user.party.map { "\(user.role.rawValue)/\($0)" } ?? "", parties: parties, errors: errors, language: language))
                <button type="submit">\(language.pick("Rol wijzigen", "Change the role"))</button>
                </form>
                <h2>\(user.disabled ? language.pick("Weer toelaten", "Allow again") : language.pick("Uitschakelen", "Disable"))</h2>
                <p>\(user.disabled ? language.pick("Het account kan weer inloggen met zijn wachtwoord.", "The account can log in again with its password.")
                                    : language.pick("Een uitgeschakeld account kan niet inloggen; zijn sessies eindigen meteen. Het logboek houdt alles.",
                                                    "A disabled account cannot log in; its sessions end at once. The audit log keeps everything."))</p>
                <form method="post" action="\(base)/\(user.disabled ? "inschakelen" : "uitschakelen")">\(hidden)
                <button type="submit">\(user.disabled ? language.pick("Account inschakelen", "Enable the account")
                                                      : language.pick("Account uitschakelen", "Disable the account"))</button>
                </form>
                """
        }
        body += """
            <h2>\(language.pick("Wachtwoord vergeten", "Forgotten password"))</h2>
            <p>\(language.pick("Wist het wachtwoord, beëindigt de sessies en maakt een nieuwe link om een wachtwoord in te stellen.",
                               "Clears the password, ends the sessions and makes a new link to set one."))</p>
            <form method="post" action="\(base)/herstellen">\(hidden)
            <button type="submit">\(language.pick("Nieuwe wachtwoordlink maken", "Make a new password link"))</button>
            </form>
            """
        return Pages.document(title: user.email, body: body, language: language, wide: true)
    }

    /// The one time the link is shown: the store keeps only its hash.
    static func link(_ link: String, for user: PortalUser, expiresAt: Int64, title: String, language: Language) -> String {
        Pages.document(title: title, body: """
            \(navigation(language: language))
            <h1>\(Pages.escape(title))</h1>
            <p>\(language.pick("Voor", "For")) <strong>\(Pages.escape(user.email))</strong>. \(language.pick(
                "Deze link is alleen nu te zien. Hij werkt tot \(Accounts.timestamp(expiresAt)), één keer. Stuur hem zelf naar de persoon.",
                "This link is shown only now. It works until \(Accounts.timestamp(expiresAt)), once. Send it to the person yourself."))</p>
            <label for="link">Link</label>
            <input id="link" type="text" readonly value="\(Pages.escape(link))">
            <p><a href="/beheer/gebruikers">\(language.pick("Terug naar de gebruikers", "Back to the users"))</a></p>
            """, language: language, wide: true)
    }

    static func auditLog(_ entries: [AuditEntry], party: String?, parties: [ReportCache.PartyChoice], older: Int64?,
                         language: Language) -> String {
        let choices = Set(parties.map(\.id)).sorted()
        let options = ["<option value=\"\"\(party == nil ? " selected" : "")>\(language.pick("alle", "all"))</option>"]
            + choices.map { "<option value=\"\(Pages.escape($0))\"\($0 == party ? " selected" : "")>\(Pages.escape($0))</option>" }
        let lines = entries.map { entry -> String in
            """
            <li value="\(entry.sequence)"><time>\(Accounts.timestamp(entry.at))</time> · <strong>\(Pages.escape(actionName(entry.action, language: language)))</strong>\
            <br>\(Pages.escape(entry.actor))\(entry.subject == entry.actor ? "" : " → " + Pages.escape(entry.subject))\
            \(entry.party.map { " · " + Pages.escape($0) } ?? "") · \(Pages.escape(entry.detail)) · \
            <span class="adres">\(Pages.escape(entry.address))</span></li>
            """
        }.joined(separator: "\n")
        var query = party.map { "partij=\(Pages.escape($0))&amp;" } ?? ""
        if let older { query += "voor=\(older)" }
        return Pages.document(title: language.pick("Logboek", "Audit log"), body: """
            \(navigation(language: language))
            <h1>\(language.pick("Logboek", "Audit log"))</h1>
            <p>\(language.pick("Wie wat deed, wanneer en vanaf welk adres; nieuwste eerst. Regels worden nooit gewijzigd of gewist.",
                               "Who did what, when and from which address; newest first. Lines are never changed or deleted."))</p>
            <form method="get" action="/beheer/logboek">
            <label for="partij">\(language.pick("Partij", "Party"))</label>
            <select id="partij" name="partij">\(options.joined())</select>
            <button type="submit">\(language.pick("Tonen", "Show"))</button>
            </form>
            \(entries.isEmpty ? "<p>\(language.pick("Geen regels.", "No lines."))</p>" : "<ol class=\"lijst\">\n\(lines)\n</ol>")
            \(older == nil ? "" : "<p><a href=\"/beheer/logboek?\(query)\">\(language.pick("Oudere regels", "Older lines"))</a></p>")
            """, language: language, wide: true)
    }

    /// A text field with its label and, when the form came back, its error (read out with the field).
    static func field(_ name: String, label: String, value: String, type: String, errors: FieldErrors) -> String {
        let error = errors[name]
        return """
            <label for="\(name)">\(label)</label>
            \(error.map { "<p class=\"fout\" id=\"\(name)-fout\">\(Pages.escape($0))</p>" } ?? "")\
            <input id="\(name)" name="\(name)" type="\(type)" value="\(Pages.escape(value))"\
            \(error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(name)-fout\"")>
            """
    }

    /// The role and party choosers: parties grouped by kind, the empty choice for the roles
    /// without a party.
    /// `party` is the chosen option's value, `role/id`.
    static func roleAndParty(role: String, party: String, parties: [ReportCache.PartyChoice], errors: FieldErrors,
                             language: Language) -> String {
        let roles = PortalRole.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0.rawValue == role ? " selected" : "")>\(roleName($0, language: language))</option>"
        }.joined()
        let groups: [(PortalRole, String)] = [(.board, language.pick("Besturen", "Boards")), (.school, language.pick("Scholen", "Schools")),
                                              (.institution, language.pick("Mbo-instellingen", "Mbo institutions"))]
        let partyOptions = ["<option value=\"\"\(party.isEmpty ? " selected" : "")>\(language.pick("geen (programmateam, stuurgroep)", "none (programme team, stuurgroep)"))</option>"]
            + groups.map { kind, label in
                "<optgroup label=\"\(label)\">" + parties.filter { $0.role == kind }.map {
                    "<option value=\"\($0.role.rawValue)/\(Pages.escape($0.id))\"\("\($0.role.rawValue)/\($0.id)" == party ? " selected" : "")>\(Pages.escape($0.name))</option>"
                }.joined() + "</optgroup>"
            }
        func described(_ name: String) -> String {
            errors[name].map { "<p class=\"fout\" id=\"\(name)-fout\">\(Pages.escape($0))</p>" } ?? ""
        }
        func invalid(_ name: String) -> String {
            errors[name] == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(name)-fout\""
        }
        return """
            <label for="rol">\(language.pick("Rol", "Role"))</label>
            \(described("rol"))<select id="rol" name="rol"\(invalid("rol"))>\(roles)</select>
            <label for="partij">\(language.pick("Partij (voor een bestuur, school of mbo-instelling)", "Party (for a board, school or mbo institution)"))</label>
            \(described("partij"))<select id="partij" name="partij"\(invalid("partij"))>\(partyOptions.joined())</select>
            """
    }
}

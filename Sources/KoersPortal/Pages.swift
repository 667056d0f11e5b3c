import CovenantModel
import PortalAccounts
import PortalStore

/// The portal's own pages (login, setting a password, notices) and the bar it puts above each
/// report page. No script; labels on every field; readable at 390 px.
enum Pages {
    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}
        main{max-width:28rem;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.5rem}
        label{display:block;margin-top:1rem;font-weight:600}
        input{width:100%;box-sizing:border-box;font-size:1rem;padding:.6rem;border:1px solid #555;border-radius:4px}
        button{margin-top:1.25rem;font-size:1rem;padding:.6rem 1.2rem;background:#0b5394;color:#fff;border:0;border-radius:4px}
        button:focus,input:focus,a:focus{outline:3px solid #e69500;outline-offset:2px}
        .melding{background:#fde8e8;border-left:4px solid #a61b1b;padding:.6rem .8rem}
        main.breed{max-width:48rem}
        select{width:100%;box-sizing:border-box;font-size:1rem;padding:.55rem;border:1px solid #555;border-radius:4px;background:#fff}
        select:focus{outline:3px solid #e69500;outline-offset:2px}
        .fout{color:#a61b1b;margin:.25rem 0;font-weight:600}
        [aria-invalid=true]{border:2px solid #a61b1b}
        .gelukt{background:#e6f4ea;border-left:4px solid #1e6b34;padding:.6rem .8rem}
        nav.beheer{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin-top:1rem}
        a{color:#0b5394}
        ul.lijst,ol.lijst{padding-left:1.25rem}
        ul.lijst li,ol.lijst li{margin:.5rem 0;overflow-wrap:anywhere}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
        dt{font-weight:600}
        dd{margin:0;overflow-wrap:anywhere}
        input[type=checkbox]{width:1.4rem;height:1.4rem;vertical-align:middle;margin:0 .4rem 0 0}
        .uitleg{margin:.1rem 0 .3rem;color:#4a4a4a;font-size:.95rem}
        .knoppen{display:flex;flex-wrap:wrap;gap:.5rem 1rem}
        button.tweede{background:#fff;color:#0b5394;border:2px solid #0b5394}
        textarea{width:100%;box-sizing:border-box;font:inherit;padding:.6rem;border:1px solid #555;border-radius:4px}
        textarea:focus{outline:3px solid #e69500;outline-offset:2px}
        table{border-collapse:collapse;width:100%;margin:1rem 0}
        caption{text-align:left;font-weight:600;margin-bottom:.4rem}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ccc;vertical-align:top;overflow-wrap:break-word}
        tr.anders td:last-child{background:#fff4d6;font-weight:600}
        """

    /// The bar's own style, added to a report page with the bar.
    static let bannerStyle = """
        .koers-balk{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;\
        padding:.5rem 1rem;background:#eef3f8;border-bottom:1px solid #c5d3e0;font:0.95rem system-ui,sans-serif;color:#1a1a1a}
        .koers-balk form{margin:0}
        .koers-balk nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        .koers-balk a{color:#0b5394}
        .koers-balk button{margin:0;padding:.35rem .8rem;font-size:.95rem;background:#0b5394;color:#fff;border:0;border-radius:4px}
        .koers-oud{background:#fff4d6;padding:.4rem 1rem;font:0.95rem system-ui,sans-serif}
        """

    /// A whole page; `wide` for the programme team's lists, narrow for a form on its own.
    static func document(title: String, body: String, language: Language, wide: Bool = false) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · Koers</title><style>\(style)</style></head>
        <body><main\(wide ? " class=\"breed\"" : "")>\(body)</main></body></html>
        """
    }

    static func login(csrf: String, message: String?, language: Language) -> String {
        document(title: language.pick("Inloggen", "Log in"), body: """
            <h1>\(language.pick("Inloggen bij Koers", "Log in to Koers"))</h1>
            \(message.map { "<p class=\"melding\" role=\"alert\">\(escape($0))</p>" } ?? "")
            <form method="post" action="/inloggen">
            <input type="hidden" name="csrf" value="\(escape(csrf))">
            <label for="email">\(language.pick("E-mailadres", "Email address"))</label>
            <input id="email" name="email" type="email" autocomplete="username" required>
            <label for="wachtwoord">\(language.pick("Wachtwoord", "Password"))</label>
            <input id="wachtwoord" name="wachtwoord" type="password" autocomplete="current-password" required>
            <button type="submit">\(language.pick("Inloggen", "Log in"))</button>
            </form>
            """, language: language)
    }

    static func setPassword(email: String, csrf: String, message: String?, language: Language) -> String {
        document(title: language.pick("Wachtwoord instellen", "Set your password"), body: """
            <h1>\(language.pick("Wachtwoord instellen", "Set your password"))</h1>
            <p>\(language.pick("Voor", "For")) <strong>\(escape(email))</strong>. \(language.pick(
                "Kies een wachtwoord van minstens 10 tekens.", "Choose a password of at least 10 characters."))</p>
            \(message.map { "<p class=\"melding\" role=\"alert\">\(escape($0))</p>" } ?? "")
            <form method="post">
            <input type="hidden" name="csrf" value="\(escape(csrf))">
            <label for="wachtwoord">\(language.pick("Nieuw wachtwoord", "New password"))</label>
            <input id="wachtwoord" name="wachtwoord" type="password" autocomplete="new-password" minlength="10" required>
            <label for="herhaling">\(language.pick("Nog een keer", "Once more"))</label>
            <input id="herhaling" name="herhaling" type="password" autocomplete="new-password" minlength="10" required>
            <button type="submit">\(language.pick("Opslaan", "Save"))</button>
            </form>
            """, language: language)
    }

    static func notice(title: String, text: String, language: Language) -> String {
        document(title: title, body: """
            <h1>\(escape(title))</h1><p>\(escape(text))</p>
            <p><a href="/">\(language.pick("Naar de startpagina", "To the start page"))</a></p>
            """, language: language)
    }

    /// The bar above a report page: who is logged in, the date of the report, logging out; for
    /// the programme team the problems of the workspace as it is now.
    static func banner(user: PortalUser, csrf: String, asOf: Day, problems: [String], stale: Bool, downloads: [String] = [],
                       notices: [String] = [], language: Language) -> String {
        var html = """
            <div class="koers-balk"><span>\(language.pick("Ingelogd als", "Logged in as")) \(escape(user.email)) · \
            \(language.pick("stand van", "as of")) \(asOf)</span>\(user.role == .programme ? ManagementPages.navigation(language: language) : "")\
            \(user.role == .school || user.role == .institution ? "<a href=\"/opgaven\">" + language.pick("Opgaven", "Returns") + "</a>" : "")\
            \([.school, .institution, .board].contains(user.role) ? "<a href=\"/agenda\">" + language.pick("Agenda", "Calendar") + "</a>" : "")\
            \(downloads.isEmpty ? "" : "<span>" + language.pick("Downloaden", "Download") + ": " + downloads.map { path -> String in
                "<a href=\"/rapport/\(escape(path))\" download>\(path.hasSuffix(".csv") ? "CSV (Excel)" : "JSON")</a>"
            }.joined(separator: " · ") + "</span>")
            <form method="post" action="/uitloggen"><input type="hidden" name="csrf" value="\(escape(csrf))">\
            <button type="submit">\(language.pick("Uitloggen", "Log out"))</button></form></div>
            """
        if stale {
            html += "<div class=\"koers-oud\" role=\"status\">" + language.pick(
                "De gegevens zijn intussen gewijzigd maar nog niet geldig; dit is de laatste geldige stand.",
                "The data has changed since but is not valid yet; this is the last valid report.") + "</div>"
        }
        if !notices.isEmpty {
            html += "<div class=\"koers-oud\" role=\"status\"><ul>" + notices.map { "<li>\(escape($0))</li>" }.joined() + "</ul></div>"
        }
        if !problems.isEmpty {
            html += "<div class=\"koers-oud\"><ul>" + problems.prefix(50).map { "<li>\(escape($0))</li>" }.joined() + "</ul></div>"
        }
        return html
    }

    /// The page with every link to a page of the report that the user may not see turned into
    /// plain text: a school's page links to the overview and to its board, which a school does
    /// not see, and a link that answers "not found" is worse than none.
    static func unlinkingForbidden(_ html: String, page: String, allows: (String) -> Bool) -> String {
        // "← Back to the overview" without a link is a signpost to nowhere: it goes altogether.
        let backLink = /<p class="screen-only"><a href="([^"]*)">←[^<]*<\/a><\/p>\n?/
        let html = html.replacing(backLink) { match in
            guard let target = resolve(String(match.output.1), from: page), !allows(target) else { return String(match.output.0) }
            return ""
        }
        let anchor = /<a href="([^"]*)"([^>]*)>(.*?)<\/a>/
        return html.replacing(anchor) { match in
            let href = String(match.output.1)
            guard let target = resolve(href, from: page), !allows(target) else { return String(match.output.0) }
            return "<span\(match.output.2)>\(match.output.3)</span>"
        }
    }

    /// A relative link of a report page as a path of the report (`../index.html#x` from
    /// `schools/a.html` is `index.html`); nil for links elsewhere and links within the page.
    static func resolve(_ href: String, from page: String) -> String? {
        if href.isEmpty || href.hasPrefix("#") || href.contains(":") || href.hasPrefix("/") { return nil }
        let path = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? href
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in path.split(separator: "/") {
            if part == ".." { if parts.isEmpty { return nil } else { parts.removeLast() } } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    /// A refusal as a sentence on a page.
    static func refusalText(_ refusal: Accounts.Refusal, language: Language) -> String {
        sentence(refusal.text(in: language))
    }

    /// A clause as a sentence: a capital first letter and a full stop.
    static func sentence(_ clause: String) -> String {
        guard let first = clause.first else { return clause }
        let capitalised = first.uppercased() + clause.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

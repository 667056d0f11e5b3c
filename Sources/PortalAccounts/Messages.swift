import CovenantModel
import PortalStore

extension Accounts.Refusal {
    /// The refusal in words the user can act on, as a clause ("the role school needs a party …"):
    /// the command line puts "koers: error: " before it, the portal makes it a sentence.
    public func text(in language: Language) -> String {
        switch self {
        case .invalidEmail(let email): language.pick("'\(email)' is geen e-mailadres", "'\(email)' is not an email address")
        case .partyNeeded(let role): language.pick("de rol \(role.rawValue) hoort bij een partij: kies een id uit state/ (--party)",
                                                   "the role \(role.rawValue) belongs to a party: choose an id from state/ (--party)")
        case .partyNotExpected(let role): language.pick("de rol \(role.rawValue) hoort bij geen partij; laat de partij (--party) weg",
                                                        "the role \(role.rawValue) belongs to no party; leave out the party (--party)")
        case .noSuchUser(let email): language.pick("er is geen account \(email)", "there is no account \(email)")
        case .passwordTooShort(let length): language.pick("het wachtwoord moet minstens \(length) tekens hebben",
                                                          "the password needs at least \(length) characters")
        case .passwordTooLong: language.pick("het wachtwoord mag hoogstens 72 bytes zijn", "the password may be 72 bytes at most")
        case .invitationInvalid: language.pick("deze link is verlopen of al gebruikt; vraag het programmateam om een nieuwe",
                                               "this link has expired or was used; ask the programme team for a new one")
        case .rateLimited: language.pick("te veel mislukte pogingen; probeer het over een kwartier opnieuw",
                                         "too many failed attempts; try again in a quarter of an hour")
        case .wrongCredentials: language.pick("e-mailadres of wachtwoord klopt niet", "email or password is wrong")
        case .ownAccount: language.pick("uw eigen account kunt u niet uitschakelen of een andere rol geven; vraag een collega van het programmateam",
                                        "you cannot disable your own account or change its role; ask a colleague in the programme team")
        }
    }
}

extension PortalStoreError {
    /// The store's error in words the user can act on, as a clause like ``Accounts/Refusal/text(in:)``.
    public func text(in language: Language) -> String {
        switch self {
        case .emailTaken(let email): language.pick("er is al een account voor \(email)", "there is already an account for \(email)")
        case .noSuchUser(let who): language.pick("er is geen account \(who)", "there is no account \(who)")
        case .newerSchema: language == .nl ? "de database is gemaakt door een nieuwere Koers; werk Koers bij" : description
        }
    }
}

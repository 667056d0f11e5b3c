import CovenantModel

/// The annual return (jaaropgave) of a school for one school year: one row of
/// `state/school-years.csv`, as docs/workspace.md describes its columns.
public enum AnnualReturn {
    /// The submission kind, as the store and the audit log name it.
    public static let kind = "jaaropgave"
    /// The state table it goes into, by its file and by its name for a state overlay.
    public static let file = "state/school-years.csv"
    public static let table = "school-years"
    /// The columns that say which row a return is: one per school and school year.
    public static let key = ["school", "school_year"]

    /// One question of the form: the column it fills, its label and help, and what it takes.
    public struct Field: Sendable {
        public enum Kind: Sendable {
            /// ja or nee (or not known: empty).
            case yesNo
            /// A whole number of 0 or more (or not known: empty).
            case count
        }

        public var column: String
        public var kind: Kind
        public var label: Bilingual
        public var help: Bilingual
    }

    /// The questions, in the order of the covenant's commitments (docs/workspace.md).
    public static let fields: [Field] = [
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
    ]
}

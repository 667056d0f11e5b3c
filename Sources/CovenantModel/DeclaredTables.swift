/// A table a covenant declares for itself in covenant.yaml (`tables:`), for what Koers' own tables
/// do not hold: a register of samenwerkingsovereenkomsten, a PTA/OER register. Koers checks its rows
/// against the declared columns and gives them to the rules as `state.tables.<name>`.
public struct DeclaredTable: Sendable {
    /// A column's type: what a cell must hold, and what the rules receive.
    public enum ColumnType: String, CaseIterable, Sendable {
        case text, integer, decimal, date
        case schoolYear = "school-year"
        case yesNo = "yes-no"
        /// The id of a school, institution or board in `state/`.
        case party
        /// A list of such ids, separated by spaces or commas.
        case parties
        /// The id of a route in `state/routes.csv`.
        case route
        /// A list of words, separated by spaces or commas.
        case list
    }

    /// One declared column.
    public struct Column: Sendable {
        /// Its name in the header and in the rules' rows (lower case).
        public var name: String
        public var type: ColumnType
        /// Every row must fill it in.
        public var isRequired: Bool
        /// The values a cell (or each item of a list) may take; empty for any.
        public var allowedValues: [String]
        /// Where covenant.yaml declares it.
        public var source: SourceLocation

        /// A column as covenant.yaml declares it.
        public init(name: String, type: ColumnType, isRequired: Bool, allowedValues: [String], source: SourceLocation) {
            self.name = name
            self.type = type
            self.isRequired = isRequired
            self.allowedValues = allowedValues
            self.source = source
        }
    }

    /// The name the rules use: `state.tables.<name>`.
    public var name: String
    /// Relative to the workspace: `state/<name>.csv` unless declared otherwise.
    public var file: String
    /// What the table holds, for readers, in the covenant's language and, when given, in English.
    public var title: String?
    public var englishTitle: String?
    /// Its columns besides `source` and `note`, which every table has.
    public var columns: [Column]
    /// A date column: a row is part of the state from that day on; without one, every row always is.
    public var datedBy: String?
    /// The columns that identify a row (`key: [route, signed]`): two rows with the same values in
    /// them are an error. Empty: rows need not differ.
    public var key: [String] = []
    /// Where covenant.yaml declares it.
    public var source: SourceLocation

    /// A table as covenant.yaml declares it; title and key are set afterwards.
    public init(name: String, file: String, columns: [Column], datedBy: String?, source: SourceLocation) {
        self.name = name
        self.file = file
        self.columns = columns
        self.datedBy = datedBy
        self.source = source
    }
}

/// A checked cell of a declared table.
public enum DeclaredValue: Sendable, Hashable {
    /// Text, a party's or a route's id.
    case text(String)
    case integer(Int)
    case decimal(Double)
    case date(Day)
    case schoolYear(SchoolYear)
    /// A yes-no cell.
    case flag(Bool)
    /// A list of words or of ids.
    case list([String])
}

/// One row of a declared table: its filled cells by column name.
public struct DeclaredRow: Sendable {
    /// The filled cells; an empty optional cell is absent.
    public var values: [String: DeclaredValue]
    /// The row's `source` (`voorbeeld` marks an invented example).
    public var origin: String?
    /// `state/samenwerkingsovereenkomsten.csv:4`.
    public var source: SourceLocation
    /// The row's day when the table is dated (``DeclaredTable/datedBy``).
    public var date: Day?

    /// A checked row.
    public init(values: [String: DeclaredValue], origin: String?, source: SourceLocation, date: Day?) {
        self.values = values
        self.origin = origin
        self.source = source
        self.date = date
    }
}

/// A declared table with its rows, in the order of its file.
public struct DeclaredTableRows: Sendable {
    public var table: DeclaredTable
    public var rows: [DeclaredRow]

    /// The table and its checked rows.
    public init(table: DeclaredTable, rows: [DeclaredRow]) {
        self.table = table
        self.rows = rows
    }
}

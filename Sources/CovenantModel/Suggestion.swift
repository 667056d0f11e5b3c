/// "Did you mean …?" for misspelt ids, column names and terms.
public enum Suggestion {
    /// The candidate closest to `text` (ignoring case), if it is close enough to be a likely typo.
    public static func closest<S: Sequence>(to text: String, in candidates: S) -> String? where S.Element == String {
        // A typo is short: comparing a pasted 10 MB cell with every id would take minutes.
        guard !text.isEmpty, text.utf8.count <= 200 else { return nil }
        let needle = Array(text.lowercased())
        var best: (String, Int)?
        for candidate in candidates where candidate.utf8.count <= 200 {
            let lowered = Array(candidate.lowercased())
            let distance = lowered == needle ? 0 : editDistance(needle, lowered)
            let allowed = max(1, min(needle.count, lowered.count) / 3)
            let isPrefix = lowered.count >= 3 && needle.count >= 3
                && (lowered.starts(with: needle) || needle.starts(with: lowered))
            guard distance <= allowed || isPrefix else { continue }
            // The nearest candidate wins; a prefix match only lets a farther one qualify.
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// ` — did you mean 'x'?`, or nothing.
    public static func didYouMean<S: Sequence>(_ text: String, in candidates: S) -> String where S.Element == String {
        closest(to: text, in: candidates).map { " — did you mean '\($0)'?" } ?? ""
    }

    /// ` — bedoelt u 'x'?` in Dutch and ` — did you mean 'x'?` in English, or nothing in both.
    public static func didYouMeanInBoth<S: Sequence>(_ text: String, in candidates: S) -> Bilingual where S.Element == String {
        guard let match = closest(to: text, in: candidates) else { return Bilingual(nl: "", en: "") }
        return Bilingual(nl: " — bedoelt u '\(match)'?", en: " — did you mean '\(match)'?")
    }

    /// Edit distance counting a swap of two neighbouring letters as one edit (optimal string
    /// alignment), since `GRL` for `GLR` is the commonest typo of all.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

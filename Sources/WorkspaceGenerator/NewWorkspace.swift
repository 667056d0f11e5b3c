import CovenantModel

/// The files of a new, empty workspace (`koers init`): a covenant.yaml to fill in, commented in
/// Dutch, every table Koers needs with its header, one example rule with its test, and a README
/// for the programme team. It validates as it is, so that the team starts from a working folder
/// and changes one thing at a time.
public enum NewWorkspace {
    /// The id of the example target, its indicator and action line, which the team replaces.
    public static let exampleTarget = "voorbeeld-doel"
    public static let exampleIndicator = "voorbeeld-indicator"

    /// Every file by its path in the workspace. `name` is the covenant's name; `today` fixes the
    /// period: from the start of the running school year to the end of the third one from it.
    /// `tables`: every state table Koers reads, by file, with its columns; each is written with
    /// its header row only (`;`-separated, as Dutch Excel saves them).
    public static func files(name: String, region: String?, today: Day, tables: [(file: String, columns: [String])]) -> [String: String] {
        let year = SchoolYear(containing: today)
        let baseline = year.firstDay, deadline = SchoolYear(startYear: year.startYear + 2).lastDay
        var files = [
            "covenant.yaml": covenant(name: name, region: region, baseline: baseline, deadline: deadline),
            "rules/\(exampleTarget).lua": rule,
            "rules/tests/\(exampleTarget).test.lua": test(running: year),
            "README.md": readme(name: name),
            ".gitignore": ".koers/\n",
        ]
        for table in tables { files[table.file] = table.columns.joined(separator: ";") + "\n" }
        return files
    }

    private static func yamlText(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func covenant(name: String, region: String?, baseline: Day, deadline: Day) -> String {
        """
        # Het convenant dat Koers volgt. Vul dit bestand als eerste in: de naam, de looptijd, de partijen,
        # de actielijnen, wat er gemeten wordt (indicators) en de doelen (targets). Elke sleutel staat
        # beschreven in docs/workspace.md van Koers; regels die met # beginnen zijn uitleg en mogen weg.
        # Controleer na elke wijziging met:  koers validate --workspace <deze map>

        name: \(yamlText(name))
        \(region.map { "region: \(yamlText($0))" } ?? "# region: Regio           # waar het convenant geldt, voor de titels van de rapporten")
        area: regio               # regio of stad: zo noemen de rapporten het geheel ("vergeleken met de regio")
        period:
          baseline: \(baseline)   # de dag waarop de nulmeting geldt
          deadline: \(deadline)   # de dag waarop de doelen gehaald moeten zijn

        # De partijen die tekenden: role is vo, mbo, samenwerkingsverband of gemeente; board is de id van
        # hun bestuur in state/boards.csv. Zolang er geen partij met een bestuur is, telt iedereen mee.
        parties: []
        #  - {name: Stichting Voorbeeld, role: vo, board: voorbeeld}

        # De actielijnen van het convenant; elk doel hoort bij één actielijn.
        action_lines:
          - id: voorbeeld
            title: Voorbeeldactielijn (vervang door een actielijn van het convenant)

        # Indicatoren: getallen die per partij en periode worden gemeten, in state/measurements.csv
        # (één rij per indicator, partij en periode; 'regio' is de hele regio).
        #   direction: higher of lower (wat beter is); parties: region, schools, institutions, boards;
        #   periods: school-year, year, quarter of date; region: sum, mean of weighted (met weight:),
        #   hoe de regiowaarde uit die van de partijen volgt als er geen rij voor de regio is.
        indicators:
          - id: \(exampleIndicator)
            title: Voorbeeldindicator (vervang door iets dat het convenant meet)
            unit: "%"
            direction: higher
            parties: [region]
            periods: school-year
            freshness: 18 months   # een nieuwste meting die ouder is, geeft 'geen data'

        # Eigen tabellen voor wat Koers' tabellen niet bevatten (docs/workspace.md, 'tables — the covenant's own tables'):
        # tables:
        #   - name: overeenkomsten               # de regels lezen state.tables.overeenkomsten
        #     dated_by: getekend                 # een rij telt vanaf deze datum
        #     key: [route, getekend]             # twee rijen met dezelfde route en datum zijn een fout
        #     columns:
        #       - {name: route, type: route, required: true}   # de id van een leerroute in state/routes.csv
        #       - {name: getekend, type: date, required: true}
        #       - {name: inhoud, type: list, values: [doelgroep, examen, begeleiding]}

        # De doelen. Soorten: cumulative-count, count-per-school-year, coverage, milestones, en voor
        # indicatoren indicator-level (een niveau halen), indicator-every-period (elke periode een niveau
        # houden) en indicator-improvement (een bedrag beter dan de nulmeting). Elk doel heeft een
        # regelscript rules/<id>.lua en, liefst, tests in rules/tests/.
        targets:
          - id: \(exampleTarget)
            action_line: voorbeeld
            title: Voorbeelddoel (vervang door een doel van het convenant)
            kind: indicator-level
            indicator: \(exampleIndicator)
            baseline: {value: 50}   # of {period: 2024-25}: de regiowaarde van die periode uit state/measurements.csv
            target: {value: 60}     # de deadline is die van 'period', tenzij hier 'deadline:' staat
            notes: Een voorbeeld uit koers init; vervang het door een doel uit de tekst van het convenant.

        """
    }

    private static let rule = """
        -- voorbeeld-doel: een voorbeeld uit koers init. Zet hier de zin uit het convenant die het doel
        -- stelt, en de keuzes waarmee u die leest. rules/README.md van Koers beschrijft de helpers.
        --
        -- Een doel op een indicator beoordeelt Koers' eigen methode: de nieuwste regiowaarde tegen de
        -- rechte lijn van de nulmeting naar het doel (zie koers.judge_indicator).
        local koers = require("koers")

        return koers.judge_indicator { state = state, target = target }

        """

    /// Three cases on the running school year's measurement and the next one's, against the example
    /// target's line from 50 at the start of the running year to 60 two years later.
    private static func test(running next: SchoolYear) -> String {
        let afterNext = SchoolYear(startYear: next.startYear + 1)
        return """
        -- Tests van rules/voorbeeld-doel.lua: koers test --workspace <deze map>.
        -- Elke test geeft tabellen (als CSV-tekst) en de dag, en zegt welke status het doel dan heeft.
        return {
          cases = {
            {
              name = "zonder metingen is er geen data",
              as_of = "\(next.lastDay)",
              expect = { ["voorbeeld-doel"] = { status = "no_data" } },
            },
            {
              name = "een meting boven de lijn is op koers",
              as_of = "\(next.lastDay.adding(days: 60))",
              tables = { measurements = [[
        indicator;party;period;value;source
        voorbeeld-indicator;regio;\(next);58;voorbeeld
        ]] },
              expect = { ["voorbeeld-doel"] = { status = "on_track", value = 58 } },
            },
            {
              name = "het doel gehaald",
              as_of = "\(afterNext.lastDay.adding(days: 60))",
              tables = { measurements = [[
        indicator;party;period;value;source
        voorbeeld-indicator;regio;\(next);58;voorbeeld
        voorbeeld-indicator;regio;\(afterNext);61;voorbeeld
        ]] },
              expect = { ["voorbeeld-doel"] = { status = "achieved", value = 61 } },
            },
          },
        }

        """
    }

    private static func readme(name: String) -> String {
        """
        # \(name)

        Deze map is een Koers-werkmap: het convenant, de stand van zaken en de regels waarmee Koers elk
        doel beoordeelt. Ze is gemaakt met `koers init` en bevat nog alleen een voorbeeld.

        ## Wat u eerst invult

        1. **covenant.yaml**: de naam, de looptijd, de partijen, de actielijnen, de indicatoren en de
           doelen van het convenant. Vervang het voorbeelddoel en de voorbeeldindicator.
        2. **state/**: de tabellen, te bewerken in Excel (opslaan als CSV, gescheiden door `;`):
           `boards.csv` (besturen), `schools.csv` (vo-scholen), `institutions.csv` (mbo-instellingen),
           `measurements.csv` (de metingen van de indicatoren). De overige tabellen zijn er voor
           leerroutes, bijeenkomsten, jaaropgaven en vrijstellingen.
        3. **rules/**: één regelscript per doel (`rules/<id>.lua`) en de tests ervan in `rules/tests/`.

        Zet `voorbeeld` in de kolom `source` van elke rij die verzonnen is: rapporten tonen die als voorbeeld.

        ## Controleren en rapporteren

        ```sh
        koers validate --workspace .      # klopt alles? elke fout met bestand en regel
        koers test --workspace .          # doen de regels wat hun tests zeggen?
        koers status --workspace .        # de stand van elk doel
        koers report --workspace . --out rapport   # het rapport voor de stuurgroep
        ```

        De map `.koers/` bevat wat Koers onthoudt tussen twee rapporten; die hoort niet in git.

        """
    }
}

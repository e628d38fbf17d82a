//! Reading the embedded CSV files into [`Unit`]s without copying them: every
//! name and alias list is a slice of the compiled-in text (issue 11: parsing
//! them into owned strings through serde cost each start 1.9 ms, this 0.85).
//!
//! The files are plain CSV: a header line, then one record per line; a field
//! holding a comma is quoted, and no field holds a quote or a line break (a
//! test reads the files with the `csv` crate as well and compares).

use super::{Level, Unit};

const REGIONS: &str = include_str!("data/regions.csv");
const ZONES: &str = include_str!("data/special_zones.csv");
const FORMER: &str = include_str!("data/regions_former.csv");
/// Taiwan's main cities, which GB/T 2260 does not list below the province (710000).
const TAIWAN: &str = include_str!("data/taiwan_places.csv");

/// Every unit in the embedded files: divisions, then former divisions, then zones and
/// Taiwan's cities (read like zones: a name and the code of the unit they belong to).
pub(super) fn embedded_units() -> Vec<Unit> {
    let mut units: Vec<Unit> = records(REGIONS, &REGION_COLUMNS)
        .map(|f| region_unit(&f))
        .collect();
    units.extend(records(FORMER, &FORMER_COLUMNS).map(|f| Unit {
        former: true,
        code: number(f[FORMER_COLUMNS.len() - 1]),
        ..region_unit(&f)
    }));
    units.extend(records(ZONES, &ZONE_COLUMNS).map(|f| zone_unit(&f)));
    units.extend(records(TAIWAN, &ZONE_COLUMNS).map(|f| zone_unit(&f)));
    units
}

/// The columns `region_unit` reads, in order.
const REGION_COLUMNS: [&str; 8] = [
    "code",
    "level",
    "parent_code",
    "name_zh",
    "short_zh",
    "name_en",
    "kind_en",
    "aliases_en",
];
/// A former division's columns: a division's, then its successor.
const FORMER_COLUMNS: [&str; 10] = [
    "code",
    "level",
    "parent_code",
    "name_zh",
    "short_zh",
    "name_en",
    "kind_en",
    "aliases_en",
    "abolished",
    "successor_code",
];
/// The columns `zone_unit` reads, in order.
const ZONE_COLUMNS: [&str; 8] = [
    "name_en",
    "aliases_en",
    "name_zh",
    "aliases_zh",
    "parent_code",
    "parent_name_en",
    "parent_name_zh",
    "kind_en",
];

/// The records of an embedded CSV file, split into fields, once its header
/// is checked to start with `columns` (so a field is taken by its position).
fn records(
    text: &'static str,
    columns: &'static [&'static str],
) -> impl Iterator<Item = Vec<&'static str>> {
    let mut lines = text.lines();
    let header = fields(lines.next().expect("embedded CSV has a header"));
    assert!(
        header.starts_with(columns),
        "embedded CSV columns: {header:?}"
    );
    lines.filter(|line| !line.is_empty()).map(move |line| {
        let fields = fields(line);
        assert_eq!(fields.len(), header.len(), "embedded CSV record: {line}");
        fields
    })
}

/// The fields of one CSV line; a quoted field is given without its quotes.
fn fields(line: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        let (field, after) = match rest.strip_prefix('"') {
            Some(quoted) => {
                let close = quoted.find('"').expect("embedded CSV quotes are closed");
                let after = &quoted[close + 1..];
                assert!(
                    after.is_empty() || after.starts_with(','),
                    "quote inside: {line}"
                );
                (&quoted[..close], after)
            }
            None => rest.split_at(rest.find(',').unwrap_or(rest.len())),
        };
        out.push(field);
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None => return out,
        }
    }
}

fn number(field: &str) -> u32 {
    field
        .parse()
        .unwrap_or_else(|_| panic!("embedded CSV number: {field:?}"))
}

fn region_unit(fields: &[&'static str]) -> Unit {
    let &[
        code,
        level,
        parent,
        name_zh,
        short_zh,
        name_en,
        kind_en,
        aliases_en,
        ..,
    ] = fields
    else {
        unreachable!("records() checked the columns");
    };
    Unit {
        code: number(code),
        level: match level {
            "province" => Level::Province,
            "prefecture" => Level::Prefecture,
            _ => Level::County,
        },
        parent: (!parent.is_empty()).then(|| number(parent)),
        name_zh,
        short_zh,
        name_en,
        kind_en,
        aliases_en_list: aliases_en,
        aliases_zh_list: "",
        former: false,
    }
}

fn zone_unit(fields: &[&'static str]) -> Unit {
    let &[
        name_en,
        aliases_en,
        name_zh,
        aliases_zh,
        parent,
        _,
        _,
        kind_en,
        ..,
    ] = fields
    else {
        unreachable!("records() checked the columns");
    };
    let parent = number(parent);
    Unit {
        code: parent,
        level: Level::Zone,
        parent: Some(parent),
        name_zh,
        short_zh: "",
        name_en,
        kind_en,
        aliases_en_list: aliases_en,
        aliases_zh_list: aliases_zh,
        former: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record as the `csv` crate reads it.
    fn with_csv_crate(text: &str) -> Vec<Vec<String>> {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("record").iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn reads_every_field_as_a_csv_reader_does() {
        for text in [REGIONS, ZONES, FORMER, TAIWAN] {
            let ours: Vec<Vec<String>> = records(text, &[])
                .map(|f| f.iter().map(|s| s.to_string()).collect())
                .collect();
            assert_eq!(ours, with_csv_crate(text));
        }
    }

    #[test]
    fn quoted_fields_keep_their_commas() {
        assert_eq!(fields(r#"1,"a, b",c"#), ["1", "a, b", "c"]);
        assert_eq!(fields("1,,"), ["1", "", ""]);
    }
}

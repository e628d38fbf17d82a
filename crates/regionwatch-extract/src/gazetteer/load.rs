//! Parsing the embedded CSV files into [`Unit`]s.

use super::{Level, Unit};
use serde::Deserialize;

const REGIONS: &str = include_str!("data/regions.csv");
const ZONES: &str = include_str!("data/special_zones.csv");
const FORMER: &str = include_str!("data/regions_former.csv");

#[derive(Deserialize)]
struct RegionRow {
    code: u32,
    level: String,
    parent_code: Option<u32>,
    name_zh: String,
    short_zh: String,
    name_en: String,
    kind_en: String,
    aliases_en: String,
}

#[derive(Deserialize)]
struct FormerRow {
    #[serde(flatten)]
    region: RegionRow,
    successor_code: u32,
}

#[derive(Deserialize)]
struct ZoneRow {
    name_en: String,
    aliases_en: String,
    name_zh: String,
    aliases_zh: String,
    parent_code: u32,
    kind_en: String,
}

/// Every unit in the embedded files: divisions, then former divisions, then zones.
pub(super) fn embedded_units() -> Vec<Unit> {
    let mut units: Vec<Unit> = rows::<RegionRow>(REGIONS).map(region_unit).collect();
    units.extend(rows::<FormerRow>(FORMER).map(|f| Unit {
        former: true,
        code: f.successor_code,
        ..region_unit(f.region)
    }));
    units.extend(rows::<ZoneRow>(ZONES).map(zone_unit));
    units
}

fn rows<T: for<'de> Deserialize<'de>>(csv_text: &'static str) -> impl Iterator<Item = T> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .into_deserialize()
        .map(|row| row.expect("embedded CSV rows match their struct"))
}

fn split_list(list: &str) -> Vec<String> {
    list.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn region_unit(row: RegionRow) -> Unit {
    let level = match row.level.as_str() {
        "province" => Level::Province,
        "prefecture" => Level::Prefecture,
        _ => Level::County,
    };
    Unit {
        code: row.code,
        level,
        parent: row.parent_code,
        name_zh: row.name_zh,
        short_zh: row.short_zh,
        name_en: row.name_en,
        kind_en: row.kind_en,
        aliases_en: split_list(&row.aliases_en),
        aliases_zh: Vec::new(),
        former: false,
    }
}

fn zone_unit(row: ZoneRow) -> Unit {
    Unit {
        code: row.parent_code,
        level: Level::Zone,
        parent: Some(row.parent_code),
        name_zh: row.name_zh,
        short_zh: String::new(),
        name_en: row.name_en,
        kind_en: row.kind_en,
        aliases_en: split_list(&row.aliases_en),
        aliases_zh: split_list(&row.aliases_zh),
        former: false,
    }
}

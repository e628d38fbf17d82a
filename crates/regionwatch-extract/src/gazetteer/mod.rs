//! China's administrative divisions (GB/T 2260), compiled into the binary.
//! The crate root exports [`Gazetteer`], [`Unit`] and [`Level`].
//!
//! The data files in `data/` come from the Ministry of Civil Affairs place-name
//! snapshot (see `data/PROVENANCE.md`); they are embedded with `include_str!`
//! and read once, on first use, without copying (`load`), so the binary needs
//! no data files at run time.
//!
//! Besides the 3,214 province-, prefecture- and county-level units, the
//! gazetteer holds the zones and ports that opening-up news names (Caofeidian,
//! Qianhai, Hainan Free Trade Port...) as [`Level::Zone`] units carrying the code
//! of the unit they lie in, and recently abolished districts that still appear
//! in the news, mapped to their successors.

mod load;

use std::collections::HashMap;
use std::sync::LazyLock;

/// The level of a unit in the administrative hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Province,
    Prefecture,
    County,
    /// A zone, port, new area or border crossing inside a unit.
    Zone,
}

/// One named place.
#[derive(Debug, Clone)]
pub struct Unit {
    /// GB/T 2260 code; for a zone, the code of the unit it lies in.
    pub code: u32,
    pub level: Level,
    /// Code of the parent unit (none for provinces).
    pub parent: Option<u32>,
    pub name_zh: &'static str,
    /// Chinese name without its kind suffix (唐山 for 唐山市); empty for zones.
    pub short_zh: &'static str,
    /// English name as Xinhua English writes it.
    pub name_en: &'static str,
    /// "Province", "City", "District", "County", "Port"...
    pub kind_en: &'static str,
    /// The data file's `;`-separated alias field, split by [`Unit::aliases_en`].
    aliases_en_list: &'static str,
    /// Likewise, split by [`Unit::aliases_zh`].
    aliases_zh_list: &'static str,
    /// An abolished unit whose name still appears in the news; `code` is its successor's.
    pub former: bool,
}

impl Unit {
    /// Other English names ("Peking", "Tangshan Port Area").
    pub fn aliases_en(&self) -> impl Iterator<Item = &'static str> + use<> {
        split_list(self.aliases_en_list)
    }

    /// Other Chinese names (zones only: 曹妃甸港区).
    pub fn aliases_zh(&self) -> impl Iterator<Item = &'static str> + use<> {
        split_list(self.aliases_zh_list)
    }

    /// Whether `wanted` (trimmed) is one of its names: Chinese as written, English in any case.
    pub fn is_called(&self, wanted: &str) -> bool {
        let wanted = wanted.trim();
        let folded = wanted.to_lowercase();
        self.name_zh == wanted
            || (!self.short_zh.is_empty() && self.short_zh == wanted)
            || self.aliases_zh().any(|a| a == wanted)
            || self.name_en.to_lowercase() == folded
            || self.aliases_en().any(|a| a.to_lowercase() == folded)
    }

    /// The code of the province-level division this unit lies in.
    pub fn province_code(&self) -> u32 {
        province_code(self.code)
    }

    /// The six-digit code as text.
    pub fn code_str(&self) -> String {
        format!("{:06}", self.code)
    }
}

fn split_list(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// The province-level code for any six-digit GB/T 2260 code.
pub fn province_code(code: u32) -> u32 {
    code / 10000 * 10000
}

/// All places, indexed by code and name.
pub struct Gazetteer {
    units: Vec<Unit>,
    by_code: HashMap<u32, usize>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::from_units(load::embedded_units()).expect("embedded gazetteer data is valid")
});

impl Gazetteer {
    /// The compiled-in gazetteer, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    fn from_units(units: Vec<Unit>) -> Result<Self, String> {
        let mut by_code = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if u.level != Level::Zone && !u.former {
                by_code.insert(u.code, i);
            }
        }
        for u in &units {
            if !by_code.contains_key(&u.province_code()) {
                return Err(format!("{} ({}) has no province", u.name_en, u.code));
            }
        }
        Ok(Gazetteer { units, by_code })
    }

    /// Every unit, zones and former units included.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The current (not abolished) administrative unit with this code.
    pub fn by_code(&self, code: u32) -> Option<&Unit> {
        self.by_code.get(&code).map(|&i| &self.units[i])
    }

    /// Index into [`Gazetteer::units`] of the current unit with this code.
    pub fn index_of(&self, code: u32) -> Option<usize> {
        self.by_code.get(&code).copied()
    }

    /// The province-level division a code lies in.
    pub fn province(&self, code: u32) -> &Unit {
        self.by_code(province_code(code))
            .expect("every unit's province exists (checked at load)")
    }

    /// The 34 province-level divisions.
    pub fn provinces(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|u| u.level == Level::Province)
    }

    /// Finds a province-level division by English or Chinese name, alias or
    /// six-digit code (`"Hainan"`, `"海南"`, `"460000"`, `"Tibet"`).
    pub fn find_province(&self, name_or_code: &str) -> Option<&Unit> {
        let wanted = name_or_code.trim();
        if let Ok(code) = wanted.parse::<u32>() {
            return self.by_code(code).filter(|u| u.level == Level::Province);
        }
        self.provinces().find(|u| u.is_called(wanted))
    }

    /// Finds any unit (not zone) by six-digit code or exact English/Chinese name.
    /// Used to resolve user-given region filters; ambiguous names give several.
    pub fn find_units(&self, name_or_code: &str) -> Vec<&Unit> {
        let wanted = name_or_code.trim();
        if let Ok(code) = wanted.parse::<u32>() {
            return self.by_code(code).into_iter().collect();
        }
        if let Some(p) = self.find_province(wanted) {
            return vec![p];
        }
        self.units
            .iter()
            .filter(|u| u.level != Level::Zone && !u.former)
            .filter(|u| u.is_called(wanted))
            .collect()
    }

    /// The zone, port or Taiwan city called `name`, if any (its `code` is the unit it lies in).
    pub fn find_zone(&self, name: &str) -> Option<&Unit> {
        self.units
            .iter()
            .find(|u| u.level == Level::Zone && u.is_called(name))
    }

    /// The divisions a name or code written by a user stands for, as
    /// [`Gazetteer::find_units`] finds them (several when the name is
    /// ambiguous). None is an error that says what to write instead: for a
    /// zone, port or Taiwan city, the division that holds it.
    pub fn lookup(&self, name_or_code: &str) -> Result<Vec<&Unit>, UnknownRegion> {
        let units = self.find_units(name_or_code);
        if !units.is_empty() {
            return Ok(units);
        }
        let name = name_or_code.to_string();
        let within = self.find_zone(name_or_code.trim());
        Err(match within.and_then(|zone| self.by_code(zone.code)) {
            Some(unit) => UnknownRegion::Within {
                name,
                within: unit.name_en.to_string(),
                code: unit.code_str(),
            },
            None => UnknownRegion::Unknown { name },
        })
    }
}

/// A region name that is no division's, from [`Gazetteer::lookup`]; its
/// message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnknownRegion {
    /// A zone, port or Taiwan city, which has no code of its own.
    Within {
        name: String,
        within: String,
        code: String,
    },
    Unknown {
        name: String,
    },
}

// By hand rather than with thiserror: the build script compiles this module too.
impl std::fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnknownRegion::Within { name, within, code } => write!(
                f,
                "{name:?} lies in {within} ({code}), which has the nearest code; write {within:?} or \"{code}\""
            ),
            UnknownRegion::Unknown { name } => write!(
                f,
                "no region called {name:?}; use an English or Chinese name or a 6-digit GB/T 2260 code, e.g. \"Hainan\" or \"440000\""
            ),
        }
    }
}

impl std::error::Error for UnknownRegion {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_unit_with_its_province() {
        let g = Gazetteer::get();
        assert_eq!(g.provinces().count(), 34);
        let admin = g
            .units()
            .iter()
            .filter(|u| u.level != Level::Zone && !u.former)
            .count();
        assert_eq!(admin, 3214);
        assert!(g.units().iter().filter(|u| u.level == Level::Zone).count() >= 79);
        assert_eq!(g.province(130200).name_en, "Hebei");
    }

    #[test]
    fn finds_provinces_by_any_name() {
        let g = Gazetteer::get();
        for name in [
            "Xizang",
            "Tibet",
            "西藏",
            "西藏自治区",
            "540000",
            "tibet autonomous region",
        ] {
            assert_eq!(
                g.find_province(name).map(|u| u.code),
                Some(540000),
                "{name}"
            );
        }
        assert_eq!(g.find_province("Macau").map(|u| u.code), Some(820000));
        assert!(g.find_province("Tangshan").is_none());
    }

    #[test]
    fn ambiguous_names_give_every_unit() {
        let g = Gazetteer::get();
        let codes: Vec<u32> = g.find_units("Fuzhou").iter().map(|u| u.code).collect();
        assert!(
            codes.contains(&350100) && codes.contains(&361000),
            "{codes:?}"
        );
        assert_eq!(g.find_units("抚州市")[0].code, 361000);
    }

    #[test]
    fn lookup_names_what_to_write_for_a_zone_and_keeps_every_reading() {
        let g = Gazetteer::get();
        let codes = |name| {
            g.lookup(name)
                .unwrap()
                .iter()
                .map(|u| u.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(" Hainan "), [460000]);
        assert!(codes("Taizhou").len() >= 2);
        let qianhai = g.lookup("Qianhai").unwrap_err().to_string();
        assert!(qianhai.contains("lies in Shenzhen (440300)"), "{qianhai}");
        let unknown = g.lookup("Atlantis").unwrap_err().to_string();
        assert!(
            unknown.starts_with("no region called \"Atlantis\""),
            "{unknown}"
        );
    }
}

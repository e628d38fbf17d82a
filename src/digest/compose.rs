//! Choosing and ordering a recipient's highlights: its filters, then province, city, time.
//!
//! The order is fixed (province code, then city code with province-wide items first, then first
//! sighting and id) so the same items always give the same digest, byte for byte.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;

use crate::config::Recipient;
use crate::store::{HighlightFilter, StoredHighlight};
use regionwatch_extract::Gazetteer;

/// One recipient's digest before rendering.
#[derive(Debug, Clone)]
pub struct DigestItems {
    pub recipient: Mailbox,
    /// Already filtered for the recipient and capped at `max_items`.
    pub items: Vec<StoredHighlight>,
    /// Revisions (`[digest].include_revised`): highlights `re-extract` added to articles an
    /// earlier digest covered, shown in their own section after the news; within `max_items`
    /// together with `items`. Empty unless the setting is on.
    pub revised: Vec<StoredHighlight>,
    /// End of the previous digest's period; `None` for a recipient's first digest.
    pub since: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
    /// Lines for the footer (e.g. sources that need attention); plain text, escaped in HTML.
    pub footer_notes: Vec<String>,
}

/// The store queries whose union holds every highlight a recipient may get: one per configured
/// source it names (a stored highlight does not carry the configured source name, so the store
/// matches sources), or one for all. Apply [`filter_for`] to the union for themes and regions.
pub fn store_filters(recipient: &Recipient, since: Option<DateTime<Utc>>) -> Vec<HighlightFilter> {
    let base = HighlightFilter {
        regions: recipient.regions.clone(),
        since,
        ..HighlightFilter::default()
    };
    if recipient.sources.is_empty() {
        return vec![base];
    }
    recipient
        .sources
        .iter()
        .map(|source| HighlightFilter {
            source: Some(source.clone()),
            ..base.clone()
        })
        .collect()
}

/// The highlights of `all` that match the recipient's regions (a highlight's region or any of
/// its places; a province includes its cities) and themes (any one). Sources are matched by the
/// store, see [`store_filters`]. Keeps the input order; drops repeated ids.
pub fn filter_for(recipient: &Recipient, all: &[StoredHighlight]) -> Vec<StoredHighlight> {
    let mut seen = std::collections::HashSet::new();
    all.iter()
        .filter(|h| matches_regions(&recipient.regions, h))
        .filter(|h| {
            recipient.themes.is_empty() || h.themes.iter().any(|t| recipient.themes.contains(t))
        })
        .filter(|h| seen.insert(h.id))
        .cloned()
        .collect()
}

fn matches_regions(codes: &[String], h: &StoredHighlight) -> bool {
    codes.is_empty()
        || codes.iter().any(|code| {
            let prefix = code_prefix(code);
            h.region_code.starts_with(prefix) || h.places.iter().any(|p| p.code.starts_with(prefix))
        })
}

/// `44` for a province `440000`, `4403` for a prefecture `440300`, the whole code otherwise.
fn code_prefix(code: &str) -> &str {
    if let Some(p) = code.strip_suffix("0000") {
        p
    } else if let Some(p) = code.strip_suffix("00") {
        p
    } else {
        code
    }
}

/// A province and its highlights, province-wide ones first, then by city.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceGroup {
    pub code: String,
    pub name: String,
    pub cities: Vec<CityGroup>,
}

impl ProvinceGroup {
    pub fn count(&self) -> usize {
        self.cities.iter().map(|c| c.items.len()).sum()
    }
}

/// The highlights of one city (`name: None` for those about the province as a whole).
#[derive(Debug, Clone, PartialEq)]
pub struct CityGroup {
    pub code: Option<String>,
    pub name: Option<String>,
    pub items: Vec<StoredHighlight>,
}

/// Groups highlights by province (by code), then city (by code, province-wide first), each list
/// ordered by first sighting and id.
pub fn group(items: &[StoredHighlight]) -> Vec<ProvinceGroup> {
    let mut provinces: BTreeMap<String, (String, BTreeMap<Option<String>, CityGroup>)> =
        BTreeMap::new();
    for h in items {
        let (_, cities) = provinces
            .entry(h.region_code.clone())
            .or_insert_with(|| (h.region.clone(), BTreeMap::new()));
        let (code, name) = city_of(h);
        cities
            .entry(code.clone())
            .or_insert_with(|| CityGroup {
                code,
                name,
                items: Vec::new(),
            })
            .items
            .push(h.clone());
    }
    provinces
        .into_iter()
        .map(|(code, (name, cities))| ProvinceGroup {
            code,
            name,
            cities: cities
                .into_values()
                .map(|mut city| {
                    city.items.sort_by_key(|h| (h.first_seen, h.id));
                    city
                })
                .collect(),
        })
        .collect()
}

/// The prefecture-level city a highlight is about: its first place below the province, raised
/// to the prefecture (a county is listed under its city). `None` for province-wide highlights.
fn city_of(h: &StoredHighlight) -> (Option<String>, Option<String>) {
    let province = &h.region_code[..h.region_code.len().min(2)];
    let Some(place) = h
        .places
        .iter()
        .find(|p| p.code != h.region_code && p.code.starts_with(province) && p.code.len() == 6)
    else {
        return (None, None);
    };
    let prefecture = format!("{}00", &place.code[..4]);
    let gazetteer = Gazetteer::get();
    let unit = prefecture
        .parse::<u32>()
        .ok()
        .and_then(|code| gazetteer.by_code(code))
        .filter(|u| u.code_str() != h.region_code);
    match unit {
        Some(unit) => (Some(unit.code_str()), Some(unit.name_en.to_string())),
        // A zone or a municipality's district: keep the place as the extractor named it.
        None => (Some(place.code.clone()), Some(place.name.clone())),
    }
}

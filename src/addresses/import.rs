//! Reading the official address register from the files Danish authorities deliver: the
//! DAWA-format CSV of access addresses (or of addresses with floor and door, which name their
//! access address), and the DAR extract from Datafordeler, a JSON object of lists of house
//! numbers, address points, named roads and postcodes. Both are read as a stream; the format is
//! told from the file's first bytes.

use super::model::Official;
use crate::platform::geo::Coordinates;
use jiff::Timestamp;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;

/// The formats an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// DAWA's CSV of access addresses (`/adgangsadresser?format=csv`) or addresses
    /// (`/adresser?format=csv`).
    DawaCsv,
    /// Datafordeler's DAR extract: one JSON object holding `HusnummerList`, `AdressepunktList`,
    /// `NavngivenVejList`, `PostnummerList` and more.
    DarJson,
}

impl Format {
    /// The format a file's first bytes show: a JSON object, or a CSV header naming `husnr`.
    pub fn detect(head: &[u8]) -> Option<Format> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        match head[start] {
            b'{' => Some(Format::DarJson),
            _ => {
                let line = head[start..].split(|&b| b == b'\n').next()?;
                let header = String::from_utf8_lossy(line);
                header
                    .split(',')
                    .any(|c| c.trim().trim_matches('"') == "husnr")
                    .then_some(Format::DawaCsv)
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::DawaCsv => "DAWA CSV",
            Format::DarJson => "DAR JSON",
        }
    }
}

/// Why a file could not be read; nothing of it is kept.
#[derive(Debug)]
pub enum ImportError {
    UnknownFormat,
    Unreadable(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::UnknownFormat => write!(
                f,
                "not a DAWA CSV of addresses (a header with `husnr`) nor a DAR extract (a JSON object)"
            ),
            ImportError::Unreadable(why) => write!(f, "{why}"),
        }
    }
}

/// What was read: the access addresses in use, and how many records were left out (no longer
/// in force, or lacking a street, number or postcode).
#[derive(Debug, Default, PartialEq)]
pub struct Read {
    pub addresses: u64,
    pub skipped: u64,
}

/// Reads the file in `format`, handing its access addresses on in batches of `batch` to
/// `take`, which may stop the reading with an error of its own. `now` decides which versions
/// are in force.
pub fn read(
    format: Format,
    input: impl BufRead,
    now: Timestamp,
    batch: usize,
    take: &mut dyn FnMut(Vec<Official>) -> Result<(), ImportError>,
) -> Result<Read, ImportError> {
    let mut out = Batches {
        batch,
        pending: Vec::with_capacity(batch),
        read: Read::default(),
        take,
    };
    match format {
        Format::DawaCsv => read_dawa(input, &mut out)?,
        Format::DarJson => read_dar(input, now, &mut out)?,
    }
    out.flush()?;
    Ok(out.read)
}

struct Batches<'a> {
    batch: usize,
    pending: Vec<Official>,
    read: Read,
    take: &'a mut dyn FnMut(Vec<Official>) -> Result<(), ImportError>,
}

impl Batches<'_> {
    fn push(&mut self, address: Option<Official>) -> Result<(), ImportError> {
        let Some(a) = address else {
            self.read.skipped += 1;
            return Ok(());
        };
        self.read.addresses += 1;
        self.pending.push(a);
        if self.pending.len() >= self.batch {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.pending, Vec::with_capacity(self.batch));
        (self.take)(full)
    }
}

/// An official address from its parts, if it has every part an address needs.
fn official(
    id: &str,
    street: &str,
    house_number: &str,
    postcode: &str,
    city: &str,
    place: Option<Coordinates>,
) -> Option<Official> {
    let parts = [id, street, house_number, postcode];
    if parts.iter().any(|p| p.trim().is_empty()) {
        return None;
    }
    Some(Official {
        id: id.trim().to_string(),
        street: street.trim().to_string(),
        house_number: house_number.trim().to_uppercase(),
        postcode: postcode.trim().to_string(),
        city: city.trim().to_string(),
        place,
    })
}

/// A row of DAWA's CSV, by the columns' names (DAWA adds columns, so their order is not relied
/// on). An address with floor and door names its access address in `adgangsadresseid`.
#[derive(Deserialize)]
struct DawaRow {
    id: String,
    #[serde(default)]
    adgangsadresseid: Option<String>,
    /// DAWA's own code: 1 in force, 3 preliminary; 2 and 4 are gone.
    #[serde(default)]
    status: String,
    vejnavn: String,
    husnr: String,
    postnr: String,
    #[serde(default)]
    postnrnavn: String,
    #[serde(rename = "wgs84koordinat_bredde", default)]
    latitude: Option<f64>,
    #[serde(rename = "wgs84koordinat_længde", default)]
    longitude: Option<f64>,
}

fn read_dawa(input: impl BufRead, out: &mut Batches<'_>) -> Result<(), ImportError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let unreadable = |e: csv::Error| ImportError::Unreadable(format!("CSV: {e}"));
    let mut record = csv::StringRecord::new();
    let headers = {
        let mut h = csv.headers().map_err(unreadable)?.clone();
        // A byte order mark before the first name is not part of it.
        let first = h
            .get(0)
            .unwrap_or("")
            .trim_start_matches('\u{feff}')
            .to_string();
        let mut names: Vec<String> = h.iter().map(String::from).collect();
        if let Some(n) = names.first_mut() {
            *n = first;
        }
        h = csv::StringRecord::from(names);
        h
    };
    while csv.read_record(&mut record).map_err(unreadable)? {
        let row: DawaRow = record.deserialize(Some(&headers)).map_err(unreadable)?;
        let in_force = matches!(row.status.trim(), "" | "1" | "3");
        let place = row.latitude.zip(row.longitude);
        let id = row
            .adgangsadresseid
            .filter(|a| !a.is_empty())
            .unwrap_or(row.id);
        let address = in_force
            .then(|| {
                official(
                    &id,
                    &row.vejnavn,
                    &row.husnr,
                    &row.postnr,
                    &row.postnrnavn,
                    place,
                )
            })
            .flatten();
        out.push(address)?;
    }
    Ok(())
}

/// A place as DAR writes it: WKT `POINT(x y)`, in ETRS89 / UTM zone 32N (EPSG:25832), or in
/// WGS84 degrees (longitude, latitude) where an extract was made so.
pub fn point(wkt: &str) -> Option<Coordinates> {
    let inside = wkt.split_once('(')?.1.split_once(')')?.0;
    let mut numbers = inside.split_whitespace().map(str::parse::<f64>);
    let (x, y) = (numbers.next()?.ok()?, numbers.next()?.ok()?);
    if x.abs() <= 180.0 && y.abs() <= 90.0 {
        return Some((y, x));
    }
    utm::wsg84_utm_to_lat_lon(x, y, 32, 'U').ok()
}

/// The versions of a DAR object that are in force at `now`: registered and not replaced, in
/// effect from before now and not ended.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Lifetime {
    #[serde(rename = "registreringFra")]
    registered_from: Option<String>,
    #[serde(rename = "registreringTil")]
    registered_until: Option<String>,
    #[serde(rename = "virkningFra")]
    effective_from: Option<String>,
    #[serde(rename = "virkningTil")]
    effective_until: Option<String>,
}

impl Lifetime {
    fn in_force(&self, now: Timestamp) -> bool {
        let at = |t: &Option<String>| t.as_deref().and_then(|t| t.parse::<Timestamp>().ok());
        self.registered_until.is_none()
            && at(&self.effective_from).is_none_or(|from| from <= now)
            && at(&self.effective_until).is_none_or(|until| until > now)
    }

    /// Of two versions in force, the one registered last counts.
    fn newer_than(&self, other: &Lifetime) -> bool {
        let at =
            |l: &Lifetime| (l.registered_from.as_deref()).and_then(|t| t.parse::<Timestamp>().ok());
        at(self) >= at(other)
    }
}

/// A DAR status, written as text ("3") or as a number.
fn code<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Code;
    impl Visitor<'_> for Code {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a code")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_unit<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
    }
    d.deserialize_any(Code)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HouseNumber {
    #[serde(rename = "id_lokalId")]
    id: String,
    #[serde(deserialize_with = "code")]
    status: String,
    #[serde(flatten)]
    lifetime: Lifetime,
    #[serde(rename = "husnummertekst")]
    text: Option<String>,
    #[serde(rename = "adgangspunkt")]
    access_point: Option<String>,
    #[serde(rename = "navngivenVej")]
    road: Option<String>,
    #[serde(rename = "postnummer")]
    postcode: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AddressPoint {
    #[serde(rename = "id_lokalId")]
    id: String,
    #[serde(flatten)]
    lifetime: Lifetime,
    position: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Road {
    #[serde(rename = "id_lokalId")]
    id: String,
    #[serde(flatten)]
    lifetime: Lifetime,
    #[serde(rename = "vejnavn")]
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Postcode {
    #[serde(rename = "id_lokalId")]
    id: String,
    #[serde(flatten)]
    lifetime: Lifetime,
    #[serde(rename = "postnr")]
    number: Option<String>,
    #[serde(rename = "navn")]
    town: Option<String>,
}

/// What the DAR extract holds that an import needs, each object in its version in force.
#[derive(Default)]
struct Dar {
    now: Timestamp,
    house_numbers: HashMap<String, HouseNumber>,
    points: HashMap<String, AddressPoint>,
    roads: HashMap<String, Road>,
    postcodes: HashMap<String, Postcode>,
    /// House numbers no longer (or not yet) in force: records an import leaves out.
    house_numbers_out_of_force: u64,
}

fn keep<T>(
    now: Timestamp,
    kept: &mut HashMap<String, T>,
    id: String,
    item: T,
    life: fn(&T) -> &Lifetime,
) -> bool {
    if !life(&item).in_force(now) {
        return false;
    }
    match kept.get(&id) {
        Some(old) if !life(&item).newer_than(life(old)) => {}
        _ => {
            kept.insert(id, item);
        }
    }
    true
}

/// One list of the extract, read object by object into `Dar`.
struct List<'a> {
    name: &'a str,
    dar: &'a mut Dar,
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the list {}", self.name)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let dar = self.dar;
        let now = dar.now;
        macro_rules! each {
            ($t:ty, $map:ident) => {{
                let mut out_of_force = 0;
                while let Some(item) = seq.next_element::<$t>()? {
                    let id = item.id.clone();
                    if !keep(now, &mut dar.$map, id, item, |i| &i.lifetime) {
                        out_of_force += 1;
                    }
                }
                out_of_force
            }};
        }
        match self.name {
            "HusnummerList" => dar.house_numbers_out_of_force += each!(HouseNumber, house_numbers),
            "AdressepunktList" => _ = each!(AddressPoint, points),
            "NavngivenVejList" => _ = each!(Road, roads),
            "PostnummerList" => _ = each!(Postcode, postcodes),
            _ => while seq.next_element::<IgnoredAny>()?.is_some() {},
        }
        Ok(())
    }
}

/// The extract's top object: the lists an import needs are read, the others passed over.
struct Extract<'a>(&'a mut Dar);

impl<'de> Visitor<'de> for Extract<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a DAR extract: an object of lists")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(List {
                name: &key,
                dar: &mut *self.0,
            })?;
        }
        Ok(())
    }
}

fn read_dar(input: impl BufRead, now: Timestamp, out: &mut Batches<'_>) -> Result<(), ImportError> {
    let mut dar = Dar {
        now,
        ..Dar::default()
    };
    let mut json = serde_json::Deserializer::from_reader(input);
    json.deserialize_map(Extract(&mut dar))
        .and_then(|()| json.end())
        .map_err(|e| ImportError::Unreadable(format!("DAR JSON: {e}")))?;
    out.read.skipped += dar.house_numbers_out_of_force;
    let mut numbers: Vec<&HouseNumber> = dar.house_numbers.values().collect();
    // In the order of their ids, so that an import is the same however the file was ordered.
    numbers.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    for h in numbers {
        // DAR's status: 2 preliminary, 3 in force; 4 and 5 are gone.
        let in_use = matches!(h.status.as_str(), "2" | "3");
        let road = h.road.as_ref().and_then(|r| dar.roads.get(r));
        let postcode = h.postcode.as_ref().and_then(|p| dar.postcodes.get(p));
        let place = (h.access_point.as_ref())
            .and_then(|p| dar.points.get(p))
            .and_then(|p| p.position.as_deref())
            .and_then(point);
        let address = match (in_use, road, postcode) {
            (true, Some(road), Some(postcode)) => official(
                &h.id,
                road.name.as_deref().unwrap_or(""),
                h.text.as_deref().unwrap_or(""),
                postcode.number.as_deref().unwrap_or(""),
                postcode.town.as_deref().unwrap_or(""),
                place,
            ),
            _ => None,
        };
        out.push(address)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_told_from_the_first_bytes() {
        assert_eq!(
            Format::detect(b"  {\"HusnummerList\": []}"),
            Some(Format::DarJson)
        );
        assert_eq!(
            Format::detect(b"\xEF\xBB\xBFid,status,vejnavn,husnr,postnr\r\n"),
            Some(Format::DawaCsv)
        );
        assert_eq!(Format::detect(b"name,street\n"), None);
        assert_eq!(Format::detect(b""), None);
    }

    #[test]
    fn a_dar_position_in_utm_32_is_placed_in_wgs84() {
        // Rådhuspladsen 2 in the sample, in EPSG:25832 and in WGS84 degrees.
        let (lat, lon) = point("POINT (574753.02 6223730.61)").unwrap();
        assert!(
            (lat - 56.1527333).abs() < 1e-6 && (lon - 10.2033667).abs() < 1e-6,
            "{lat} {lon}"
        );
        assert_eq!(point("POINT(10.2 56.15)"), Some((56.15, 10.2)));
        assert_eq!(point("POINT EMPTY"), None);
    }

    #[test]
    fn only_versions_in_force_count_and_the_last_registered_wins() {
        let now: Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
        let life = |from: &str, until: Option<&str>, registered: &str| Lifetime {
            registered_from: Some(registered.into()),
            registered_until: None,
            effective_from: Some(from.into()),
            effective_until: until.map(String::from),
        };
        assert!(
            life(
                "2020-01-01T00:00:00+01:00",
                None,
                "2020-01-01T00:00:00+01:00"
            )
            .in_force(now)
        );
        assert!(
            !life(
                "2027-01-01T00:00:00+01:00",
                None,
                "2020-01-01T00:00:00+01:00"
            )
            .in_force(now),
            "not yet"
        );
        assert!(
            !life(
                "2020-01-01T00:00:00+01:00",
                Some("2026-01-01T00:00:00+01:00"),
                "2020-01-01T00:00:00+01:00"
            )
            .in_force(now),
            "ended"
        );
        let replaced = Lifetime {
            registered_until: Some("2021-01-01T00:00:00+01:00".into()),
            ..life(
                "2020-01-01T00:00:00+01:00",
                None,
                "2020-01-01T00:00:00+01:00",
            )
        };
        assert!(!replaced.in_force(now));
        let later = life(
            "2020-01-01T00:00:00+01:00",
            None,
            "2024-01-01T00:00:00+01:00",
        );
        assert!(later.newer_than(&life(
            "2020-01-01T00:00:00+01:00",
            None,
            "2023-01-01T00:00:00+01:00"
        )));
    }
}

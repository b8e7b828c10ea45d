//! Places on the map: WGS84 coordinates as typed and as stored, and distances between them.

use crate::platform::error::FieldErrors;
use crate::text;

/// Latitude and longitude in decimal degrees (WGS84).
pub type Coordinates = (f64, f64);

/// A box in WGS84 degrees, such as the municipality's area (tips outside it are refused; maps
/// open on it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl Area {
    /// Reads "south,west,north,east" in decimal degrees.
    pub fn parse(text: &str) -> Result<Area, String> {
        let parts: Vec<f64> = text
            .split(',')
            .map(|p| {
                p.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("not a number: {p:?}"))
            })
            .collect::<Result<_, _>>()?;
        let [south, west, north, east] = parts[..] else {
            return Err("give south,west,north,east".into());
        };
        let area = Area {
            south,
            west,
            north,
            east,
        };
        if south < north && west < east && (-90.0..=90.0).contains(&south) && north <= 90.0 {
            Ok(area)
        } else {
            Err("south must be below north and west left of east".into())
        }
    }

    pub fn contains(&self, (lat, lon): Coordinates) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }

    pub fn centre(&self) -> Coordinates {
        (
            (self.south + self.north) / 2.0,
            (self.west + self.east) / 2.0,
        )
    }
}

/// Latitude and longitude as typed: both or neither, numbers, on the globe.
pub fn parse_coordinates(errors: &mut FieldErrors, lat: &str, lon: &str) -> Option<Coordinates> {
    let (lat, lon) = (lat.trim(), lon.trim());
    if lat.is_empty() && lon.is_empty() {
        return None;
    }
    match (parse_decimal(lat), parse_decimal(lon)) {
        (Some(la), Some(lo)) => check_coordinates(errors, la, lo).then_some((la, lo)),
        (la, lo) => {
            if la.is_none() {
                errors.insert("latitude", text!(err_latitude));
            }
            if lo.is_none() {
                errors.insert("longitude", text!(err_longitude));
            }
            None
        }
    }
}

/// Latitude and longitude as numbers that may be missing (the API): both or neither.
pub fn pair_coordinates(
    errors: &mut FieldErrors,
    lat: Option<f64>,
    lon: Option<f64>,
) -> Option<Coordinates> {
    match (lat, lon) {
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => None,
        _ => {
            errors.insert("latitude", text!(err_coordinates_pair));
            None
        }
    }
}

/// A decimal number as Danes and others type it: a comma or a point before the decimals.
pub fn parse_decimal(v: &str) -> Option<f64> {
    v.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
}

pub fn check_coordinates(errors: &mut FieldErrors, lat: f64, lon: f64) -> bool {
    let mut ok = true;
    if !(-90.0..=90.0).contains(&lat) {
        errors.insert("latitude", text!(err_latitude));
        ok = false;
    }
    if !(-180.0..=180.0).contains(&lon) {
        errors.insert("longitude", text!(err_longitude));
        ok = false;
    }
    ok
}

/// Degrees to the stored millionths of a degree (about 11 cm). Coordinates are integers in the
/// database, so both engines compare and index them exactly alike.
pub fn to_e6(degrees: f64) -> i64 {
    (degrees * 1e6).round() as i64
}

pub fn from_e6(e6: i64) -> f64 {
    e6 as f64 / 1e6
}

/// Stored latitude and longitude columns back to coordinates, if both are set.
pub fn from_e6_pair(lat: Option<i64>, lon: Option<i64>) -> Option<Coordinates> {
    lat.zip(lon).map(|(a, b)| (from_e6(a), from_e6(b)))
}

const EARTH_RADIUS_M: f64 = 6_371_000.0;

/// Great-circle distance in metres (haversine).
pub fn distance_m(a: Coordinates, b: Coordinates) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// Micrometres per millionth of a degree (the same as metres per degree), north–south and
/// east–west at a latitude: the scale of the flat approximation the database uses to compare
/// distances within a city.
pub fn um_per_e6(latitude: f64) -> (i64, i64) {
    let north = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    (
        north.round() as i64,
        (north * latitude.to_radians().cos()).round() as i64,
    )
}

/// A distance as people say it: "350 m", "1,2 km" (Danish) or "1.2 km".
pub fn format_distance(metres: f64, lang: crate::platform::i18n::Lang) -> String {
    if metres < 1000.0 {
        format!("{} m", ((metres / 50.0).round() * 50.0).max(50.0) as i64)
    } else {
        let km = format!("{:.1}", metres / 1000.0);
        let km = km.strip_suffix(".0").unwrap_or(&km);
        match lang {
            crate::platform::i18n::Lang::Da => format!("{} km", km.replace('.', ",")),
            crate::platform::i18n::Lang::En => format!("{km} km"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::i18n::Lang;

    #[test]
    fn coordinates_come_in_pairs_on_the_globe() {
        let mut e = FieldErrors::new();
        assert_eq!(
            parse_coordinates(&mut e, "56,1483", "10.2032"),
            Some((56.1483, 10.2032))
        );
        assert!(e.is_empty());
        assert_eq!(parse_coordinates(&mut e, "", ""), None);
        assert!(e.is_empty());
        assert_eq!(parse_coordinates(&mut e, "56.1", ""), None);
        assert!(e.contains_key("longitude"));
        let mut e = FieldErrors::new();
        assert_eq!(parse_coordinates(&mut e, "91", "10"), None);
        assert!(e.contains_key("latitude"));
    }

    #[test]
    fn distances_within_aarhus() {
        // Aarhus Rådhus to Ingerslevs Boulevard: about 1 km.
        let d = distance_m((56.1527, 10.2039), (56.1466, 10.2064));
        assert!((650.0..=750.0).contains(&d), "{d}");
        assert_eq!(format_distance(d, Lang::Da), "700 m");
        assert_eq!(format_distance(2345.0, Lang::Da), "2,3 km");
        assert_eq!(format_distance(2345.0, Lang::En), "2.3 km");
        assert_eq!(format_distance(3000.0, Lang::Da), "3 km");
        let (north, east) = um_per_e6(56.15);
        assert_eq!(north, 111_195);
        assert_eq!(east, 61_938);
    }
}

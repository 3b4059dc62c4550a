//! Deserialization helpers for Spotify's habits: `null` where a list or text is expected, `null` entries inside
//! lists, whole numbers written as floats (`640.0`), and enumerations that grow new values.

use std::fmt;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};

/// Reads `null` (or a missing field, with `#[serde(default)]`) as the type's default: empty list, empty text, false.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a list, dropping `null` entries (search results and queues contain them); a `null` list is empty.
pub(crate) fn skip_null_entries<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let entries = Option::<Vec<Option<T>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(entries.into_iter().flatten().collect())
}

/// A whole number as Spotify may write it: `640` or `640.0`. Real answers carry integer fields as floats now and
/// then, although the API documents them as integers. A float with a fractional part is refused rather than
/// rounded: the API never documents one, so it would mean the field is not what the model thinks it is, and a
/// silently rounded count or duration would hide that.
struct Whole(i128);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WholeVisitor).map(Whole)
    }
}

struct WholeVisitor;

impl Visitor<'_> for WholeVisitor {
    type Value = i128;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a whole number")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i128, E> {
        Ok(value.into())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i128, E> {
        Ok(value.into())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i128, E> {
        // Infinities and NaN have no zero fraction either; a huge whole float saturates and fails the range check.
        if value.fract() == 0.0 {
            Ok(value as i128)
        } else {
            Err(E::invalid_value(Unexpected::Float(value), &"a whole number (no fractional part)"))
        }
    }
}

impl Whole {
    /// The number as the field's type, or an error naming the type it does not fit.
    fn narrow<T: TryFrom<i128>, E: de::Error>(self) -> Result<T, E> {
        T::try_from(self.0).map_err(|_| {
            let expected = format!("a whole number that fits {}", std::any::type_name::<T>());
            E::invalid_value(Unexpected::Other(&format!("integer `{}`", self.0)), &expected.as_str())
        })
    }
}

/// Reads an integer field that may arrive as a whole float (`640.0`); see [`Whole`].
pub(crate) fn whole_number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    Whole::deserialize(deserializer)?.narrow()
}

/// Reads an optional integer field that may arrive as a whole float; `null` is `None`.
pub(crate) fn optional_whole_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    Option::<Whole>::deserialize(deserializer)?.map(Whole::narrow).transpose()
}

/// Reads an integer field that may arrive as a whole float; `null` is zero (as with [`null_as_default`]).
pub(crate) fn whole_number_or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128> + Default,
{
    optional_whole_number(deserializer).map(Option::unwrap_or_default)
}

/// Declares a Spotify enumeration whose unknown values are kept as `Other(String)` instead of failing.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this client does not know yet, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Spotify's spelling of the value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                match text.as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Other(text),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map($name::from)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use open_enum;

//! YouTube's daily quota: the units each API key has spent on the current sandbox day.

use std::collections::HashMap;

use time::Date;

/// The units spent per key on one day; a new day starts every key afresh.
#[derive(Debug, Default)]
pub(crate) struct YouTubeQuota {
    day: Option<Date>,
    spent: HashMap<String, u32>,
}

impl YouTubeQuota {
    /// Spends `cost` units of `key`'s quota for `day` if `limit` (none: no quota) leaves room; nothing otherwise.
    pub(crate) fn spend(&mut self, key: &str, day: Date, cost: u32, limit: Option<u32>) -> bool {
        if self.day != Some(day) {
            self.spent.clear();
            self.day = Some(day);
        }
        let spent = self.spent.entry(key.to_owned()).or_default();
        if limit.is_some_and(|limit| spent.saturating_add(cost) > limit) {
            return false;
        }
        *spent = spent.saturating_add(cost);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_key_spends_its_own_quota_each_day() {
        let mut quota = YouTubeQuota::default();
        let day = date!(2026 - 12 - 07);
        assert!(quota.spend("a", day, 100, Some(150)));
        assert!(!quota.spend("a", day, 100, Some(150)), "a refused request spends nothing");
        assert!(quota.spend("a", day, 50, Some(150)));
        assert!(quota.spend("b", day, 100, Some(150)));
        assert!(quota.spend("a", date!(2026 - 12 - 08), 100, Some(150)));
        assert!(quota.spend("a", date!(2026 - 12 - 08), 1_000_000, None));
    }
}

//! [`SortedMap`], the engine's ordered map, and [`sort_small_by`], its sort: both chosen for
//! the size of the code they make, because the engine also runs in the browser.
//!
//! Every `BTreeMap<K, V>` type carries its own copy of the B-tree (insert, split, steal,
//! merge, iterators, drop), and every `sort` on a new element type its own driftsort and
//! quicksort: about 70 KB and 25 KB of wasm for the engine's and the page's few maps and
//! sorts (the bundle budget, docs/bundle.md). The engine's maps hold tens to a few hundred entries,
//! where a binary search over one `Vec` is as fast as a tree; its sorts order a handful of
//! teams, faults or inbox cards.
//!
//! The order is the same as `BTreeMap`'s (by key) and the sort is stable, so the engine
//! stays deterministic and its event streams are unchanged.

use alloc::vec::Vec;
use core::borrow::Borrow;
use core::cmp::Ordering;

/// A map kept as a `Vec` of `(key, value)` pairs sorted by key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub const fn new() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }

    /// Where `key` is (`Ok`) or would go (`Err`). Like `BTreeMap`, a map keyed by `String`
    /// is searched with a `&str`.
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Puts `value` under `key`; the value it replaces, if any, is returned.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(core::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in key order, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Keeps only the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Written as a map from key to value, exactly as a `BTreeMap` is, so a saved form is the
/// same whichever of the two made it.
#[cfg(feature = "serde")]
impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for SortedMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

#[cfg(feature = "serde")]
impl<'de, K, V> serde::Deserialize<'de> for SortedMap<K, V>
where
    K: serde::Deserialize<'de> + Ord,
    V: serde::Deserialize<'de>,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(core::marker::PhantomData<(K, V)>);

        impl<'de, K, V> serde::de::Visitor<'de> for Entries<K, V>
        where
            K: serde::Deserialize<'de> + Ord,
            V: serde::Deserialize<'de>,
        {
            type Value = SortedMap<K, V>;

            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("a map")
            }

            /// A key given twice keeps its last value, as a `BTreeMap` would.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Self::Value, A::Error> {
                let mut map = SortedMap::new();
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(Entries(core::marker::PhantomData))
    }
}

/// Sorts `items` by `order`, stably (equal items keep their order): an insertion sort, whose
/// code is a fraction of the standard library's. Its time grows with the square of the
/// length when the items come shuffled, and with the length when they come nearly sorted.
/// Its callers sort teams, one host's inbox (cards arrive nearly in id order), and a
/// scenario's faults or reading errors, which the file bounds: a classroom frame is at most
/// 64 KiB, about 1 600 faults, so about a million comparisons at worst (milliseconds).
pub fn sort_small_by<T>(items: &mut [T], mut order: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && order(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use proptest::prelude::*;

    #[test]
    fn a_map_keeps_its_keys_in_order_and_replaces_values() {
        let mut m = SortedMap::new();
        assert_eq!(m.insert(3, "c"), None);
        assert_eq!(m.insert(1, "a"), None);
        assert_eq!(m.insert(2, "b"), None);
        assert_eq!(m.insert(2, "B"), Some("b"));
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            [(&1, &"a"), (&2, &"B"), (&3, &"c")]
        );
        assert_eq!(m.remove(&1), Some("a"));
        assert_eq!(m.remove(&1), None);
        assert!(!m.contains_key(&1) && m.contains_key(&3));
        assert_eq!(m.values().collect::<Vec<_>>(), [&"B", &"c"]);
        m.values_mut().for_each(|v| *v = "x");
        assert_eq!(m.values().collect::<Vec<_>>(), [&"x", &"x"]);
        m.insert(4, "d");
        m.retain(|k, _| k % 2 == 0);
        assert_eq!(m.iter().collect::<Vec<_>>(), [(&2, &"x"), (&4, &"d")]);
        *m.get_mut(&2).expect("2 is in") = "C";
        assert_eq!((m.get(&2), m.len(), m.is_empty()), (Some(&"C"), 2, false));
    }

    #[test]
    fn a_small_sort_is_stable() {
        let mut v = [(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_small_by(&mut v, |x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
    }

    /// Saved hosts and games written before the engine had `SortedMap` still read, and
    /// what it writes reads back as a `BTreeMap`: the two have one serde form.
    #[cfg(feature = "serde")]
    #[test]
    fn a_map_is_written_and_read_as_a_btreemap_is() {
        let model: BTreeMap<u16, alloc::string::String> =
            [(80, "http".into()), (23, "telnet".into())].into();
        let mut ours = SortedMap::new();
        for (k, v) in &model {
            ours.insert(*k, v.clone());
        }
        let written = serde_json::to_string(&ours).expect("a map of strings is JSON");
        assert_eq!(written, serde_json::to_string(&model).expect("JSON"));
        assert_eq!(written, r#"{"23":"telnet","80":"http"}"#);
        let read: SortedMap<u16, alloc::string::String> =
            serde_json::from_str(r#"{"80":"http","23":"telnet","80":"www"}"#).expect("JSON");
        let from_btree: BTreeMap<u16, alloc::string::String> =
            serde_json::from_str(r#"{"80":"http","23":"telnet","80":"www"}"#).expect("JSON");
        assert!(read.iter().eq(from_btree.iter()));
        assert_eq!(
            read.get(&80).map(alloc::string::String::as_str),
            Some("www")
        );
    }

    #[derive(Debug, Clone)]
    enum Op {
        Insert(u8, u16),
        Remove(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (any::<u8>(), any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
            any::<u8>().prop_map(Op::Remove),
        ]
    }

    proptest! {
        /// The map answers every operation as `BTreeMap` does, and iterates in its order.
        #[test]
        fn a_map_behaves_as_a_btreemap(ops in proptest::collection::vec(op(), 0..200)) {
            let (mut ours, mut model) = (SortedMap::new(), BTreeMap::new());
            for op in ops {
                match op {
                    Op::Insert(k, v) => prop_assert_eq!(ours.insert(k, v), model.insert(k, v)),
                    Op::Remove(k) => prop_assert_eq!(ours.remove(&k), model.remove(&k)),
                }
                prop_assert_eq!(ours.len(), model.len());
            }
            prop_assert!(ours.iter().eq(model.iter()));
            for k in 0..=u8::MAX {
                prop_assert_eq!(ours.get(&k), model.get(&k));
            }
        }

        /// The small sort orders as the standard library's stable sort does.
        #[test]
        fn a_small_sort_agrees_with_the_stable_sort(mut v in proptest::collection::vec((0u8..8, any::<u16>()), 0..60)) {
            let mut expected = v.clone();
            expected.sort_by_key(|x| x.0);
            sort_small_by(&mut v, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(v, expected);
        }
    }
}

//! Reading the genre file into a tree, refusing anything that would make a lookup ambiguous or a walk endless:
//! a repeated id, a parent that is not in the file, a cycle, or one spelling claimed by two genres.

use std::collections::HashMap;

use super::spelling::{fold, key, words};
use super::{Genre, GenreId, GenreTree};

const HEADER: &str = "id,name,parent,aliases";

/// Why the genre file cannot be read; the message names the line or genre to fix.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(super) enum TreeProblem {
    #[error("the first row must be the header `{HEADER}`")]
    Header,
    #[error("line {line}: a row needs four columns, `{HEADER}`, and no commas inside them")]
    Columns { line: usize },
    #[error("line {line}: `{id}` is not a slug (lower-case letters and digits joined by single hyphens)")]
    Slug { line: usize, id: &'static str },
    #[error("line {line}: `{id}` has no name")]
    Name { line: usize, id: &'static str },
    #[error("line {line}: `{id}` is already taken")]
    DuplicateId { line: usize, id: &'static str },
    #[error("`{id}` names `{parent}` as its parent, which is not in the file")]
    UnknownParent { id: &'static str, parent: &'static str },
    #[error("`{id}` is its own ancestor")]
    Cycle { id: &'static str },
    #[error("the spelling `{spelling}` of `{id}` has no letters or digits")]
    EmptySpelling { id: &'static str, spelling: &'static str },
    #[error("the spelling `{spelling}` of `{id}` reads the same as a spelling of `{other}`")]
    SharedSpelling { id: &'static str, spelling: &'static str, other: &'static str },
}

struct Row {
    id: &'static str,
    name: &'static str,
    parent: Option<&'static str>,
    spellings: Vec<&'static str>,
}

pub(super) fn read(text: &'static str) -> Result<GenreTree, TreeProblem> {
    let rows = rows(text)?;
    let by_id: HashMap<&str, usize> = rows.iter().enumerate().map(|(at, row)| (row.id, at)).collect();

    let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    let mut roots = Vec::new();
    for (at, row) in rows.iter().enumerate() {
        match row.parent {
            None => roots.push(at),
            Some(parent) => match by_id.get(parent) {
                Some(&parent_at) => children[parent_at].push(at),
                None => return Err(TreeProblem::UnknownParent { id: row.id, parent }),
            },
        }
    }
    let by_name = |&a: &usize, &b: &usize| (fold(rows[a].name), rows[a].id).cmp(&(fold(rows[b].name), rows[b].id));
    roots.sort_by(by_name);
    for siblings in &mut children {
        siblings.sort_by(by_name);
    }

    // Depth first from the top levels: a genre on a cycle hangs from no top level and is never reached.
    let mut order = Vec::with_capacity(rows.len());
    let mut subtree_end = vec![0; rows.len()];
    for &root in &roots {
        visit(root, &children, &mut order, &mut subtree_end);
    }
    if order.len() < rows.len() {
        let mut reached = vec![false; rows.len()];
        order.iter().for_each(|&at| reached[at] = true);
        let id = rows[reached.iter().position(|&seen| !seen).expect("fewer reached than rows")].id;
        return Err(TreeProblem::Cycle { id });
    }

    let mut position = vec![0; rows.len()];
    for (at, &row) in order.iter().enumerate() {
        position[row] = at;
    }
    let genres: Vec<Genre> = order
        .iter()
        .map(|&row| Genre { id: GenreId(rows[row].id), name: rows[row].name, parent: rows[row].parent.map(GenreId) })
        .collect();
    let parents = order.iter().map(|&row| rows[row].parent.map(|parent| position[by_id[parent]])).collect();
    let subtree_end = order.iter().map(|&row| subtree_end[row]).collect();
    let positions = genres.iter().enumerate().map(|(at, genre)| (genre.id.0, at)).collect();

    let mut keys: HashMap<String, usize> = HashMap::new();
    for (at, &row) in order.iter().enumerate() {
        let row = &rows[row];
        for &spelling in &row.spellings {
            let key = key(&words(spelling));
            if key.is_empty() {
                return Err(TreeProblem::EmptySpelling { id: row.id, spelling });
            }
            match keys.insert(key, at) {
                Some(other) if other != at => {
                    return Err(TreeProblem::SharedSpelling { id: row.id, spelling, other: genres[other].id.0 });
                }
                _ => {}
            }
        }
    }

    Ok(GenreTree { genres, parents, subtree_end, positions, keys })
}

/// Appends `row` and its subtree to `order` and records where the subtree ends.
fn visit(row: usize, children: &[Vec<usize>], order: &mut Vec<usize>, subtree_end: &mut [usize]) {
    order.push(row);
    for &child in &children[row] {
        visit(child, children, order, subtree_end);
    }
    subtree_end[row] = order.len();
}

fn rows(text: &'static str) -> Result<Vec<Row>, TreeProblem> {
    let mut lines = text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'));
    if lines.next().map(|(_, line)| line.trim()) != Some(HEADER) {
        return Err(TreeProblem::Header);
    }
    let mut rows: Vec<Row> = Vec::new();
    for (index, line) in lines {
        let line_number = index + 1;
        let [id, name, parent, aliases] = line.split(',').map(str::trim).collect::<Vec<_>>()[..] else {
            return Err(TreeProblem::Columns { line: line_number });
        };
        if !is_slug(id) {
            return Err(TreeProblem::Slug { line: line_number, id });
        }
        if name.is_empty() {
            return Err(TreeProblem::Name { line: line_number, id });
        }
        if rows.iter().any(|row| row.id == id) {
            return Err(TreeProblem::DuplicateId { line: line_number, id });
        }
        let aliases = aliases.split('|').map(str::trim).filter(|alias| !alias.is_empty());
        rows.push(Row {
            id,
            name,
            parent: Some(parent).filter(|parent| !parent.is_empty()),
            spellings: [id, name].into_iter().chain(aliases).collect(),
        });
    }
    Ok(rows)
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::genres::Normalised;

    fn problem(body: &'static str) -> TreeProblem {
        read(body).expect_err("the file should be refused")
    }

    #[test]
    fn the_genre_file_is_a_tree_with_unambiguous_spellings() {
        let tree = read(include_str!("../../data/genres.csv")).unwrap_or_else(|problem| panic!("{problem}"));
        assert_eq!(tree.genres.len(), tree.positions.len());
    }

    #[test]
    fn refuses_files_that_would_make_lookups_ambiguous_or_endless() {
        assert_eq!(problem("rock,Rock,,\n"), TreeProblem::Header);
        assert_eq!(problem("id,name,parent,aliases\nrock,Rock,\n"), TreeProblem::Columns { line: 2 });
        assert_eq!(problem("id,name,parent,aliases\nRock,Rock,,\n"), TreeProblem::Slug { line: 2, id: "Rock" });
        assert_eq!(problem("id,name,parent,aliases\nrock,,,\n"), TreeProblem::Name { line: 2, id: "rock" });
        assert_eq!(
            problem("id,name,parent,aliases\nrock,Rock,,\n# a note\nrock,Rock music,,\n"),
            TreeProblem::DuplicateId { line: 4, id: "rock" }
        );
        assert_eq!(
            problem("id,name,parent,aliases\npunk,Punk,rock,\n"),
            TreeProblem::UnknownParent { id: "punk", parent: "rock" }
        );
        assert_eq!(
            problem("id,name,parent,aliases\nrock,Rock,,\npunk,Punk,emo,\nemo,Emo,punk,\n"),
            TreeProblem::Cycle { id: "punk" }
        );
        assert_eq!(
            problem("id,name,parent,aliases\nrock,Rock,,!!\n"),
            TreeProblem::EmptySpelling { id: "rock", spelling: "!!" }
        );
        assert_eq!(
            problem("id,name,parent,aliases\nhip-hop,Hip hop,,\ntrap,Trap,hip-hop,hip_hop\n"),
            TreeProblem::SharedSpelling { id: "trap", spelling: "hip_hop", other: "hip-hop" }
        );
    }

    #[test]
    fn siblings_follow_their_names_whatever_the_file_order() {
        let tree = read("id,name,parent,aliases\nrock,Rock,,\npunk,Punk,rock,\nemo,Emo,punk,\nart-rock,Art rock,rock,\njazz,Jazz,,\n")
            .unwrap();
        let order: Vec<_> = tree.all().iter().map(|genre| genre.id.as_str()).collect();
        assert_eq!(order, ["jazz", "rock", "art-rock", "punk", "emo"]);
    }

    /// `spelling` with each letter's case from `upper` and its words joined by `separators` in turn.
    fn respelt(spelling: &str, upper: &[bool], separators: &[&str]) -> String {
        let mut respelt = String::new();
        for (at, word) in spelling.split([' ', '-', '_']).enumerate() {
            if at > 0 {
                respelt.push_str(separators[at % separators.len()]);
            }
            for (c, &up) in word.chars().zip(upper.iter().cycle().skip(at)) {
                if up {
                    respelt.extend(c.to_uppercase());
                } else {
                    respelt.extend(c.to_lowercase());
                }
            }
        }
        respelt
    }

    #[test]
    fn every_spelling_names_its_genre_shouted_or_hyphenated() {
        let tree = GenreTree::get();
        for row in rows(include_str!("../../data/genres.csv")).unwrap() {
            let genre = Normalised::Genre(tree.parse_id(row.id).unwrap());
            for spelling in row.spellings {
                for text in
                    [spelling.to_uppercase(), respelt(spelling, &[false], &["-"]), respelt(spelling, &[false], &["_"])]
                {
                    assert_eq!(tree.normalise(&text), genre, "{text}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn every_spelling_in_any_case_and_with_any_separator_names_its_genre(
            index in any::<prop::sample::Index>(),
            upper in prop::collection::vec(any::<bool>(), 1..30),
            separators in prop::collection::vec(prop::sample::select(vec![" ", "-", "_", "  ", " - ", "/"]), 1..6),
        ) {
            let rows = rows(include_str!("../../data/genres.csv")).unwrap();
            let spellings: Vec<(&str, &str)> =
                rows.iter().flat_map(|row| row.spellings.iter().map(|&spelling| (row.id, spelling))).collect();
            let (id, spelling) = spellings[index.index(spellings.len())];
            let text = respelt(spelling, &upper, &separators);
            let tree = GenreTree::get();
            prop_assert_eq!(tree.normalise(&text), Normalised::Genre(tree.parse_id(id).unwrap()), "{}", text);
        }
    }
}

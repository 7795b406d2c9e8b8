//! The checks a model must pass whoever reads it (the build's reader of model.yaml and the
//! browser's of a custom activity file): uuids and names unique, every `dependsOn` an
//! activity of the model, no dependency cycle. Field types and ranges are each reader's own.

use std::collections::HashMap;

/// What the checks look at of one activity.
pub struct Node<'a> {
    pub name: &'a str,
    /// Blank or missing uuids are each reader's problem to report.
    pub uuid: Option<&'a str>,
    /// As written: a uuid (also with a `uuid:` prefix) or a name.
    pub depends_on: &'a [String],
}

/// Each activity's dependencies as indices into `nodes`, or every problem found, each
/// naming the activity.
pub fn links(nodes: &[Node]) -> Result<Vec<Vec<usize>>, Vec<String>> {
    let mut errors = Vec::new();
    let mut by_uuid: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, a) in nodes.iter().enumerate() {
        if let Some(u) = a.uuid.filter(|u| !u.trim().is_empty()) {
            match by_uuid.get(u) {
                Some(&j) => errors.push(format!(
                    "activity '{}': uuid {u} is also used by activity '{}'",
                    a.name, nodes[j].name
                )),
                None => {
                    by_uuid.insert(u, i);
                }
            }
        }
        if by_name.contains_key(a.name) {
            errors.push(format!("activity '{}': the name is used twice", a.name));
        } else {
            by_name.insert(a.name, i);
        }
    }
    let mut deps = vec![Vec::new(); nodes.len()];
    for (i, a) in nodes.iter().enumerate() {
        for d in a.depends_on {
            let key = d.trim().trim_start_matches("uuid:").trim();
            match by_uuid.get(key).or_else(|| by_name.get(key)) {
                Some(&j) if j == i => {
                    errors.push(format!("activity '{}' depends on itself", a.name))
                }
                Some(&j) => deps[i].push(j),
                None => errors.push(format!(
                    "activity '{}' depends on '{key}', which is not an activity of the model",
                    a.name
                )),
            }
        }
    }
    // No cycles: an iterative depth-first walk colouring nodes (0 new, 1 on the stack, 2 done).
    let mut state = vec![0u8; deps.len()];
    for start in 0..deps.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match state[dep] {
                    0 => {
                        state[dep] = 1;
                        stack.push((dep, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|&(n, _)| n == dep).unwrap_or(0);
                        let cycle: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(n, _)| nodes[n].name)
                            .chain([nodes[dep].name])
                            .collect();
                        errors.push(format!(
                            "activity '{}': dependency cycle: {}",
                            nodes[dep].name,
                            cycle.join(" → ")
                        ));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    if errors.is_empty() {
        Ok(deps)
    } else {
        Err(errors)
    }
}

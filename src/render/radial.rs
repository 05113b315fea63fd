//! A radial layout: one node at the centre, the others on rings by their distance from it.
//!
//! In: the size of each node's box, the links between nodes, and which node is the centre.
//! Out: each node's centre, the centre node's at (0, 0), and its ring. Ring `k` holds the
//! nodes `k` links away from the centre (nodes with no path to it go on one more ring
//! outside). The first ring is spread evenly around the centre; on the others a node sits as
//! near the mean angle of its neighbours (its barycentre) as the room of the others allows
//! (isotonic regression, which keeps their order). The order on each ring is chosen to reduce
//! crossings: sweeps move every node of a ring to its barycentre, ring after ring, outwards
//! then inwards, then neighbours on a ring are swapped while that helps, and the best layout
//! seen is kept. The layout is judged with straight edges: crossings, edges through a box not
//! their own, and length (`Placement::score`). A ring's radius grows until no two boxes come
//! closer than a margin, checked box by box; a ring too crowded for the room inside it is
//! split into tracks. Last, the whole is turned to be as narrow as it can. Ties are broken by
//! the nodes' order as given (their ids, for the caller). Only `+ - * /` and square roots,
//! which IEEE 754 rounds the same way everywhere, are used: sines and arc tangents are series
//! here, not the platform's maths library, so the same input gives the same coordinates, to
//! the last bit, on every machine.
//! What this does not do: draw anything, route edges, or know what the nodes are.

use std::collections::BTreeSet;
use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI, TAU};

/// A point: x, and y growing downwards.
pub(super) type Point = (f64, f64);

/// The room a node takes: half its box's width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Size {
    pub half_width: f64,
    pub half_height: f64,
}

/// Where the nodes go.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Layout {
    /// Each node's centre, in the order the nodes were given; the centre node's at (0, 0).
    pub centres: Vec<Point>,
    /// Each node's ring: 0 for the centre node, then its distance in links.
    pub rings: Vec<usize>,
}

/// The least clear space between two boxes of the same ring.
pub(super) const SAME_RING_MARGIN: f64 = 10.0;
/// The least clear space between boxes of different rings: room for the edges between them.
pub(super) const RING_MARGIN: f64 = 48.0;
/// The least distance from one ring to the next, centre to centre.
const RING_STEP: f64 = 150.0;
/// The most of its circumference the first ring fills with boxes at first: the room left
/// between them is where the edges from the centre to the rings outside pass.
const FIRST_FILL: f64 = 0.7;
/// The most tracks a crowded ring is split into (see `Placement::place`).
const MAX_TRACKS: usize = 3;
/// The least distance between the tracks of a ring.
const TRACK_STEP: f64 = 40.0;
/// The room a ring leaves between neighbours when it packs them: more than the margin, so the
/// packing's estimate of the room (an arc for a chord) seldom needs a bigger ring.
const PACKING_GAP: f64 = 18.0;
/// How much edge length costs as much as one crossing (see `Placement::score`).
const LENGTH_PER_CROSSING: f64 = 200.0;
/// Sweeps of barycentres: enough for the orders to settle on networks of 60 nodes.
const SWEEPS: usize = 8;
/// Passes of swapping neighbours on a ring, at most (they stop when a pass changes nothing).
const SWAP_PASSES: usize = 6;
/// The turns of the whole tried at the end: every 10 degrees.
const TURNS: u32 = 36;
/// How many tests of a pair of edges or of an edge and a box the search for an order may
/// make in all: at 60 nodes and 90 edges it is never reached, while a dense network (every
/// actor linked to every other) gets a few sweeps instead of minutes of them.
const WORK: usize = 200_000_000;
/// A bound on ring growth (each step is at least 3% of the radius): the boxes always separate
/// long before, as the room on a ring grows with its radius.
const GROWTH_STEPS: usize = 1000;

/// Lays out `sizes.len()` nodes linked by `edges` (pairs of indices into `sizes`) around
/// `centre`.
pub(super) fn layout(sizes: &[Size], edges: &[(usize, usize)], centre: usize) -> Layout {
    let n = sizes.len();
    if centre >= n {
        return Layout {
            centres: vec![(0.0, 0.0); n],
            rings: vec![0; n],
        };
    }
    let neighbours = neighbours(n, edges);
    let rings = rings(&neighbours, centre);
    let members = members(&rings);
    let mut placement = Placement {
        sizes,
        neighbours: &neighbours,
        members: &members,
        centre,
        edges,
        scores_left: WORK / (edges.len() * edges.len() / 2 + edges.len() * n + 1),
        desired: vec![0.0; n],
        angles: vec![0.0; n],
        radii: vec![0.0; members.len()],
        radius: vec![0.0; n],
    };
    placement.start(&rings);
    let best = placement.sweep();
    let best = placement.swap(best);
    placement.turn(best);
    let centres = (0..n).map(|node| placement.centre_of(node)).collect();
    Layout { centres, rings }
}

/// Each node's neighbours, without repeats or loops.
fn neighbours(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut sets = vec![BTreeSet::new(); n];
    for &(a, b) in edges {
        if a != b && a < n && b < n {
            sets[a].insert(b);
            sets[b].insert(a);
        }
    }
    sets.into_iter().map(|s| s.into_iter().collect()).collect()
}

/// Each node's distance in links from `centre`, breadth first; the nodes with no path to it
/// one ring further out than the farthest node that has one.
fn rings(neighbours: &[Vec<usize>], centre: usize) -> Vec<usize> {
    let mut ring = vec![usize::MAX; neighbours.len()];
    ring[centre] = 0;
    let mut frontier = vec![centre];
    let mut depth = 0;
    while !frontier.is_empty() {
        depth += 1;
        let mut next = Vec::new();
        for node in frontier {
            for &other in &neighbours[node] {
                if ring[other] == usize::MAX {
                    ring[other] = depth;
                    next.push(other);
                }
            }
        }
        frontier = next;
    }
    // `depth` is one past the farthest ring reached.
    for r in &mut ring {
        if *r == usize::MAX {
            *r = depth;
        }
    }
    ring
}

/// The nodes of each ring, in index order.
fn members(rings: &[usize]) -> Vec<Vec<usize>> {
    let count = rings.iter().max().map_or(0, |m| m + 1);
    let mut members = vec![Vec::new(); count];
    for (node, &ring) in rings.iter().enumerate() {
        members[ring].push(node);
    }
    members
}

/// The layout being worked on.
struct Placement<'a> {
    sizes: &'a [Size],
    neighbours: &'a [Vec<usize>],
    members: &'a [Vec<usize>],
    centre: usize,
    edges: &'a [(usize, usize)],
    /// How many more layouts the search may score (see `WORK`).
    scores_left: usize,
    /// The angle each node would like, from its neighbours.
    desired: Vec<f64>,
    /// The angle each node has, in radians, clockwise from the right.
    angles: Vec<f64>,
    /// Each ring's radius, its outer track's when it has several.
    radii: Vec<f64>,
    /// Each node's distance from the centre.
    radius: Vec<f64>,
}

/// A layout and how good it is (`Placement::score`: lower is better).
struct State {
    score: f64,
    desired: Vec<f64>,
    angles: Vec<f64>,
    radii: Vec<f64>,
    radius: Vec<f64>,
}

impl Placement<'_> {
    /// The first layout: the first ring in index order from the top, each further ring at its
    /// nodes' inner neighbours' angles.
    fn start(&mut self, rings: &[usize]) {
        let members = self.members;
        if let Some(first) = members.get(1) {
            for (i, &node) in first.iter().enumerate() {
                self.desired[node] = -FRAC_PI_2 + TAU * count(i) / count(first.len()).max(1.0);
            }
        }
        for (ring, nodes) in members.iter().enumerate().skip(1) {
            if ring > 1 {
                for &node in nodes {
                    self.desired[node] = self
                        .barycentre(node, |other| rings[other] < ring)
                        .unwrap_or(0.0);
                }
            }
            self.place(ring);
        }
    }

    /// Sweeps of barycentres, ring by ring, outwards then inwards; the best layout seen.
    fn sweep(&mut self) -> State {
        let mut best = self.snapshot();
        let rings = self.members.len();
        for sweep in 0..SWEEPS {
            let order: Vec<usize> = if sweep % 2 == 0 {
                (1..rings).collect()
            } else {
                (1..rings).rev().collect()
            };
            for ring in order {
                if self.scores_left == 0 {
                    return best;
                }
                for &node in &self.members[ring] {
                    self.desired[node] = self
                        .barycentre(node, |other| other != self.centre)
                        .unwrap_or(self.angles[node]);
                }
                self.place_all();
                let state = self.snapshot();
                if state.score < best.score {
                    best = state;
                }
            }
        }
        best
    }

    /// From `best`, swaps neighbours on each ring while that makes the layout better. The
    /// layout may be left as the last swap tried: `turn` starts again from the best.
    fn swap(&mut self, mut best: State) -> State {
        self.restore(&best);
        for _ in 0..SWAP_PASSES {
            let mut improved = false;
            for nodes in self.members.iter().skip(1) {
                let mut order = nodes.clone();
                order.sort_by(|&a, &b| {
                    let key = |node: usize| self.desired[node].rem_euclid(TAU);
                    key(a).total_cmp(&key(b)).then(a.cmp(&b))
                });
                for pair in order.windows(2) {
                    if self.scores_left == 0 {
                        return best;
                    }
                    self.desired.swap(pair[0], pair[1]);
                    self.place_all();
                    let state = self.snapshot();
                    if state.score < best.score {
                        best = state;
                        improved = true;
                    } else {
                        self.restore(&best);
                    }
                }
            }
            if !improved {
                break;
            }
        }
        best
    }

    /// From `best`, turns the whole to be narrowest around the centre (a picture is scaled
    /// down to the width of a page or a screen), and keeps that layout.
    fn turn(&mut self, best: State) {
        self.restore(&best);
        let desired = best.desired.clone();
        let mut narrowest = (self.width(), best);
        for step in 1..TURNS {
            let turn = TAU * f64::from(step) / f64::from(TURNS);
            for (d, base) in self.desired.iter_mut().zip(&desired) {
                *d = base + turn;
            }
            self.place_all();
            let width = self.width();
            if width < narrowest.0 {
                // Scored by its width: no other score is needed any more.
                narrowest = (width, self.state(width));
            }
        }
        self.restore(&narrowest.1);
    }

    /// The mean angle of `node`'s neighbours that `counts` keeps, or `None` when there is none
    /// or they pull evenly in opposite directions.
    fn barycentre(&self, node: usize, counts: impl Fn(usize) -> bool) -> Option<f64> {
        let (mut sin, mut cos) = (0.0, 0.0);
        for &other in self.neighbours[node].iter().filter(|&&o| counts(o)) {
            let (s, c) = sin_cos(self.angles[other]);
            sin += s;
            cos += c;
        }
        (sin * sin + cos * cos > 1e-12).then(|| atan2(sin, cos))
    }

    /// Places every ring, from the centre out.
    fn place_all(&mut self) {
        for ring in 1..self.members.len() {
            self.place(ring);
        }
    }

    /// Places the nodes of `ring` as near their desired angles as room allows (evenly around
    /// the first ring), on the smallest radius where no box comes closer than the margins to
    /// another of this ring or of the rings inside. A ring too crowded for its least radius
    /// (beyond the first, whose nodes all link to the centre) is split into tracks, a little
    /// further out one after the other, which take its nodes in turn in the order of their
    /// desired angles.
    fn place(&mut self, ring: usize) {
        let mut nodes = self.members[ring].clone();
        nodes.sort_by(|&a, &b| {
            let key = |node: usize| self.desired[node].rem_euclid(TAU);
            key(a).total_cmp(&key(b)).then(a.cmp(&b))
        });
        let room = |nodes: &[usize]| -> f64 {
            nodes
                .iter()
                .map(|&node| tangential(self.sizes[node], self.desired[node]) + PACKING_GAP)
                .sum()
        };
        let (fill, most) = if ring == 1 {
            (FIRST_FILL, 1)
        } else {
            (1.0, MAX_TRACKS)
        };
        let mut least = self.radii[ring - 1] + RING_STEP;
        let mut tracks = 1;
        while tracks < most && room(&nodes) / count(tracks) > TAU * least * fill {
            tracks += 1;
        }
        let mut placed: Vec<usize> = Vec::new();
        for track in 0..tracks {
            let nodes: Vec<usize> = nodes.iter().skip(track).step_by(tracks).copied().collect();
            let mut radius = least.max(room(&nodes) / (TAU * fill));
            for _ in 0..GROWTH_STEPS {
                if let Some(angles) = pack(&nodes, &self.desired, self.sizes, radius, ring == 1) {
                    for (&node, angle) in nodes.iter().zip(angles) {
                        self.angles[node] = angle;
                        self.radius[node] = radius;
                    }
                    if self.clear(ring, &nodes, &placed) {
                        break;
                    }
                }
                radius += (radius * 0.03).max(4.0);
            }
            self.radii[ring] = radius;
            least = radius + TRACK_STEP;
            placed.extend(nodes);
        }
    }

    /// Whether the boxes of `nodes`, on a track of `ring`, keep their margins from each other,
    /// from those of the ring's `placed` tracks, and from the rings inside.
    fn clear(&self, ring: usize, nodes: &[usize], placed: &[usize]) -> bool {
        let apart = |a: usize, b: usize, margin: f64| {
            apart(
                self.centre_of(a),
                self.sizes[a],
                self.centre_of(b),
                self.sizes[b],
                margin,
            )
        };
        nodes.iter().enumerate().all(|(i, &a)| {
            nodes[i + 1..]
                .iter()
                .chain(placed)
                .all(|&b| apart(a, b, SAME_RING_MARGIN))
                && self.members[..ring]
                    .iter()
                    .flatten()
                    .all(|&b| apart(a, b, RING_MARGIN))
        })
    }

    fn centre_of(&self, node: usize) -> Point {
        if node == self.centre {
            return (0.0, 0.0);
        }
        let (sin, cos) = sin_cos(self.angles[node]);
        (self.radius[node] * cos, self.radius[node] * sin)
    }

    /// How far the boxes reach on either side of the centre, across, plus a third of how far
    /// they reach up or down (a page scrolls down, not across).
    fn width(&self) -> f64 {
        let (mut x, mut y) = (0.0_f64, 0.0_f64);
        for (node, size) in self.sizes.iter().enumerate() {
            let (cx, cy) = self.centre_of(node);
            x = x.max(cx.abs() + size.half_width);
            y = y.max(cy.abs() + size.half_height);
        }
        x + y / 3.0
    }

    /// How bad the layout is, with straight edges: each crossing of two edges counts 1, each
    /// edge running through a box not its own 3 (it seems to link that node too), and each
    /// `LENGTH_PER_CROSSING` of edge 1 (long edges are hard to follow, and spread the picture).
    fn score(&self) -> f64 {
        let segments: Vec<((usize, usize), (Point, Point))> = self
            .edges
            .iter()
            .filter(|(a, b)| a != b)
            .map(|&(a, b)| ((a, b), (self.centre_of(a), self.centre_of(b))))
            .collect();
        let mut bad = 0_u32;
        let mut length = 0.0;
        for (i, &((a, b), (p, q))) in segments.iter().enumerate() {
            length += distance(p, q);
            for &((c, d), (r, s)) in &segments[i + 1..] {
                if a != c && a != d && b != c && b != d && segments_cross(p, q, r, s) {
                    bad += 1;
                }
            }
            for node in (0..self.sizes.len()).filter(|&node| node != a && node != b) {
                if segment_meets_box(p, q, self.centre_of(node), self.sizes[node]) {
                    bad += 3;
                }
            }
        }
        f64::from(bad) + length / LENGTH_PER_CROSSING
    }

    /// The layout as it is, scored; one fewer score left.
    fn snapshot(&mut self) -> State {
        self.scores_left = self.scores_left.saturating_sub(1);
        self.state(self.score())
    }

    fn state(&self, score: f64) -> State {
        State {
            score,
            desired: self.desired.clone(),
            angles: self.angles.clone(),
            radii: self.radii.clone(),
            radius: self.radius.clone(),
        }
    }

    fn restore(&mut self, state: &State) {
        self.desired.clone_from(&state.desired);
        self.angles.clone_from(&state.angles);
        self.radii.clone_from(&state.radii);
        self.radius.clone_from(&state.radius);
    }
}

/// The width of a box seen along a ring's tangent at `angle`.
fn tangential(size: Size, angle: f64) -> f64 {
    let (sin, cos) = sin_cos(angle);
    2.0 * (size.half_width * sin.abs() + size.half_height * cos.abs())
}

/// A node of a ring being packed: its desired angle (unrolled), its index among the nodes,
/// and the angle it takes up.
#[derive(Clone, Copy)]
struct Slot {
    desired: f64,
    index: usize,
    span: f64,
}

/// Angles for `nodes` on a ring of `radius`, in the order of their desired angles (ties by
/// index), each with the room it needs: spread `evenly` around the whole ring and turned to
/// fit their desired angles best, or each as near its desired angle as the others' room
/// allows (evenly, too, when they fill the ring that way). `None` when they do not fit on it.
fn pack(
    nodes: &[usize],
    desired: &[f64],
    sizes: &[Size],
    radius: f64,
    evenly: bool,
) -> Option<Vec<f64>> {
    let n = nodes.len();
    let mut order: Vec<Slot> = nodes
        .iter()
        .enumerate()
        .map(|(index, &node)| {
            let angle = desired[node].rem_euclid(TAU);
            Slot {
                desired: angle,
                index,
                span: (tangential(sizes[node], angle) + PACKING_GAP) / radius,
            }
        })
        .collect();
    order.sort_by(|a, b| a.desired.total_cmp(&b.desired).then(a.index.cmp(&b.index)));
    let total: f64 = order.iter().map(|o| o.span).sum();
    if total > TAU {
        return None;
    }
    let rolled = unrolled(&order);
    // The least offsets between consecutive nodes, accumulated.
    let mut offsets = vec![0.0; n];
    for j in 1..n {
        offsets[j] = offsets[j - 1] + f64::midpoint(rolled[j - 1].span, rolled[j].span);
    }
    // Near the desired angles: the nearest non-decreasing fit, once the offsets are taken out.
    let targets: Vec<f64> = rolled
        .iter()
        .zip(&offsets)
        .map(|(r, o)| r.desired - o)
        .collect();
    let mut angles: Vec<f64> = isotonic(&targets)
        .iter()
        .zip(&offsets)
        .map(|(f, o)| f + o)
        .collect();
    let wraps = n > 1
        && angles[0] + TAU - angles[n - 1] < f64::midpoint(rolled[n - 1].span, rolled[0].span);
    if evenly || wraps {
        // The spare room shared out, the whole turned to the desired angles.
        let spare = (TAU - total) / count(n).max(1.0);
        let (mut sin, mut cos) = (0.0, 0.0);
        for (j, r) in rolled.iter().enumerate() {
            angles[j] = offsets[j] + spare * count(j);
            let (s, c) = sin_cos(r.desired - angles[j]);
            sin += s;
            cos += c;
        }
        let turn = if sin * sin + cos * cos > 1e-12 {
            atan2(sin, cos)
        } else {
            0.0
        };
        for angle in &mut angles {
            *angle += turn;
        }
    }
    let mut out = vec![0.0; n];
    for (slot, angle) in rolled.iter().zip(angles) {
        out[slot.index] = angle;
    }
    Some(out)
}

/// The slots of a ring, sorted by desired angle, cut at the widest gap between desired angles
/// and unrolled from there: their desired angles then increase, by less than a turn in all.
fn unrolled(order: &[Slot]) -> Vec<Slot> {
    let n = order.len();
    let mut widest = (f64::NEG_INFINITY, 0);
    for i in 0..n {
        let next = order
            .get(i + 1)
            .map_or(order[0].desired + TAU, |o| o.desired);
        if next - order[i].desired > widest.0 {
            widest = (next - order[i].desired, i + 1);
        }
    }
    (0..n)
        .map(|j| {
            let slot = order[(widest.1 + j) % n];
            if widest.1 + j >= n {
                Slot {
                    desired: slot.desired + TAU,
                    ..slot
                }
            } else {
                slot
            }
        })
        .collect()
}

/// The non-decreasing sequence nearest to `targets` in least squares (pool adjacent violators).
fn isotonic(targets: &[f64]) -> Vec<f64> {
    // Each block: the sum of its targets and how many it pools.
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for &target in targets {
        blocks.push((target, 1));
        while let [.., (sum_before, before), (sum_last, last)] = blocks[..] {
            if sum_before / count(before) <= sum_last / count(last) {
                break;
            }
            blocks.pop();
            let merged = blocks.len() - 1;
            blocks[merged] = (sum_before + sum_last, before + last);
        }
    }
    blocks
        .into_iter()
        .flat_map(|(sum, pooled)| std::iter::repeat_n(sum / count(pooled), pooled))
        .collect()
}

/// Whether two boxes centred on `a` and `b` keep `margin` between them.
pub(super) fn apart(a: Point, size_a: Size, b: Point, size_b: Size, margin: f64) -> bool {
    (a.0 - b.0).abs() >= size_a.half_width + size_b.half_width + margin
        || (a.1 - b.1).abs() >= size_a.half_height + size_b.half_height + margin
}

fn distance(from: Point, to: Point) -> f64 {
    ((to.0 - from.0) * (to.0 - from.0) + (to.1 - from.1) * (to.1 - from.1)).sqrt()
}

/// Whether the segments `pq` and `rs` cross (touching at an end does not count).
pub(super) fn segments_cross(p: Point, q: Point, r: Point, s: Point) -> bool {
    let side = |a: Point, b: Point, c: Point| (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
    side(p, q, r) * side(p, q, s) < 0.0 && side(r, s, p) * side(r, s, q) < 0.0
}

/// Whether the segment from `start` to `end` runs through the box of `size` centred on
/// `centre` (Liang-Barsky clipping).
pub(super) fn segment_meets_box(start: Point, end: Point, centre: Point, size: Size) -> bool {
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for (delta, from, min, max) in [
        (
            end.0 - start.0,
            start.0,
            centre.0 - size.half_width,
            centre.0 + size.half_width,
        ),
        (
            end.1 - start.1,
            start.1,
            centre.1 - size.half_height,
            centre.1 + size.half_height,
        ),
    ] {
        if delta == 0.0 {
            if from <= min || from >= max {
                return false;
            }
        } else {
            let (enter, leave) = ((min - from) / delta, (max - from) / delta);
            low = low.max(enter.min(leave));
            high = high.min(enter.max(leave));
            if low >= high {
                return false;
            }
        }
    }
    true
}

/// A count as a float.
#[allow(
    clippy::cast_precision_loss,
    reason = "counts of nodes, far below 2^52"
)]
fn count(n: usize) -> f64 {
    n as f64
}

/// The sine and cosine of `angle` (radians), from series with only `+ - * /`: the same bits on
/// every machine, which the platform's `sin` does not promise.
pub(super) fn sin_cos(angle: f64) -> (f64, f64) {
    let quarter = (angle / FRAC_PI_2).round();
    let x = angle - quarter * FRAC_PI_2;
    let x2 = x * x;
    // Taylor series to x^17 and x^16: the rest is below 1e-16 on |x| <= pi/4.
    let (mut sin, mut cos) = (0.0, 0.0);
    let (mut term_sin, mut term_cos) = (x, 1.0);
    for k in 0..9_u32 {
        sin += term_sin;
        cos += term_cos;
        let k = f64::from(k);
        term_sin *= -x2 / ((2.0 * k + 2.0) * (2.0 * k + 3.0));
        term_cos *= -x2 / ((2.0 * k + 1.0) * (2.0 * k + 2.0));
    }
    match quarter.rem_euclid(4.0) {
        q if q < 0.5 => (sin, cos),
        q if q < 1.5 => (cos, -sin),
        q if q < 2.5 => (-sin, -cos),
        _ => (-cos, sin),
    }
}

/// The angle of the point (`x`, `y`), in (-pi, pi], from a series: see `sin_cos`.
pub(super) fn atan2(y: f64, x: f64) -> f64 {
    let (ax, ay) = (x.abs(), y.abs());
    if ax == 0.0 && ay == 0.0 {
        return 0.0;
    }
    let mut angle = if ay <= ax {
        atan_unit(ay / ax)
    } else {
        FRAC_PI_2 - atan_unit(ax / ay)
    };
    if x < 0.0 {
        angle = PI - angle;
    }
    if y < 0.0 { -angle } else { angle }
}

/// The arc tangent of `t` in [0, 1].
fn atan_unit(t: f64) -> f64 {
    // Above tan(pi/8), atan(t) = pi/4 + atan((t - 1) / (t + 1)), whose argument is small.
    let (base, z) = if t > 0.414_213_562_373_095_1 {
        (FRAC_PI_4, (t - 1.0) / (t + 1.0))
    } else {
        (0.0, t)
    };
    let z2 = z * z;
    let (mut sum, mut power) = (0.0, z);
    // |z| <= tan(pi/8): after 22 terms the rest is below 1e-17.
    for k in 0..22_u32 {
        let term = power / f64::from(2 * k + 1);
        sum += if k % 2 == 0 { term } else { -term };
        power *= z2;
    }
    base + sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_series_agree_with_the_maths_library() {
        for i in -400..=400 {
            let angle = f64::from(i) * 0.0371;
            let (sin, cos) = sin_cos(angle);
            assert!((sin - angle.sin()).abs() < 1e-14, "sin {angle}");
            assert!((cos - angle.cos()).abs() < 1e-14, "cos {angle}");
            let (y, x) = (f64::from(i % 37) - 18.0, f64::from(i % 23) - 11.5);
            assert!((atan2(y, x) - y.atan2(x)).abs() < 1e-14, "atan2 {y} {x}");
        }
        assert!((atan2(0.0, -1.0) - PI).abs() < 1e-15);
        assert!((atan2(-1.0, 0.0) + FRAC_PI_2).abs() < 1e-15);
    }

    #[test]
    fn isotonic_pools_what_goes_down() {
        assert_eq!(isotonic(&[1.0, 3.0, 2.0, 4.0]), vec![1.0, 2.5, 2.5, 4.0]);
        assert_eq!(isotonic(&[3.0, 2.0, 1.0]), vec![2.0, 2.0, 2.0]);
    }

    fn square(side: f64) -> Size {
        Size {
            half_width: side / 2.0,
            half_height: side / 2.0,
        }
    }

    fn from_centre((x, y): Point) -> f64 {
        distance((0.0, 0.0), (x, y))
    }

    #[test]
    fn a_star_has_its_centre_in_the_middle_and_the_rest_on_one_ring() {
        let sizes = vec![square(40.0); 7];
        let edges: Vec<(usize, usize)> = [0, 1, 2, 4, 5, 6].iter().map(|&i| (3, i)).collect();
        let layout = layout(&sizes, &edges, 3);
        assert_eq!(layout.centres[3], (0.0, 0.0));
        assert_eq!(layout.rings, vec![1, 1, 1, 0, 1, 1, 1]);
        let first = from_centre(layout.centres[0]);
        assert!(first >= RING_STEP);
        for (i, &c) in layout.centres.iter().enumerate().filter(|(i, _)| *i != 3) {
            assert!(
                (from_centre(c) - first).abs() < 1e-9,
                "node {i} off the ring"
            );
        }
    }

    #[test]
    fn a_crowded_ring_grows_until_no_two_boxes_meet() {
        let sizes: Vec<Size> = (0..41_u32)
            .map(|i| Size {
                half_width: 60.0 + f64::from(i % 5) * 10.0,
                half_height: 10.0 + f64::from(i % 3) * 7.0,
            })
            .collect();
        let edges: Vec<(usize, usize)> = (1..41).map(|i| (0, i)).collect();
        let layout = layout(&sizes, &edges, 0);
        for a in 0..41 {
            for b in a + 1..41 {
                let (ca, cb) = (layout.centres[a], layout.centres[b]);
                assert!(
                    apart(ca, sizes[a], cb, sizes[b], SAME_RING_MARGIN),
                    "{a} and {b} overlap"
                );
            }
        }
    }

    #[test]
    fn a_node_with_no_path_to_the_centre_goes_outside_the_others() {
        let sizes = vec![square(20.0); 4];
        let layout = layout(&sizes, &[(0, 1), (1, 2)], 0);
        assert_eq!(layout.rings, vec![0, 1, 2, 3]);
        assert!(from_centre(layout.centres[3]) > from_centre(layout.centres[2]));
    }

    #[test]
    fn a_node_sits_near_its_neighbour_on_the_ring_inside() {
        // 0 in the middle, 1 to 4 around it, 5 linked to 1 and 6 to 3.
        let sizes = vec![square(30.0); 7];
        let edges = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 5), (3, 6)];
        let layout = layout(&sizes, &edges, 0);
        let d = |a: usize, b: usize| distance(layout.centres[a], layout.centres[b]);
        assert!(d(5, 1) < d(5, 3), "5 is nearer 3 than 1");
        assert!(d(6, 3) < d(6, 1), "6 is nearer 1 than 3");
    }

    #[test]
    fn segments_cross_only_inside_and_meet_boxes_only_through_them() {
        assert!(segments_cross(
            (0.0, 0.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (2.0, 0.0)
        ));
        assert!(!segments_cross(
            (0.0, 0.0),
            (1.0, 1.0),
            (1.0, 1.0),
            (2.0, 0.0)
        ));
        assert!(segment_meets_box(
            (-5.0, 0.0),
            (5.0, 0.0),
            (0.0, 0.0),
            square(2.0)
        ));
        assert!(!segment_meets_box(
            (-5.0, 3.0),
            (5.0, 3.0),
            (0.0, 0.0),
            square(2.0)
        ));
        assert!(!segment_meets_box(
            (-5.0, 0.0),
            (-2.0, 0.0),
            (0.0, 0.0),
            square(2.0)
        ));
    }
}

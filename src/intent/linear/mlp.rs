//! One hidden layer (ReLU) between the standardised features and the intents' logits, trained
//! like the linear model: mini-batch Adam, a fixed shuffle, L2 on the weights, deterministic.
//!
//! Why a hidden layer: out of scope is not one region of the embedding space but many (banking,
//! travel, trivia, small talk …) lying between the shop's intents; a linear boundary either
//! swallows them into the nearest intent or pushes real questions out. On third-party phrasing
//! it took English 0.90 → 0.92 and translated 0.87 → 0.90 (docs/benchmarks.md).

use super::{Adam, BATCH, FitOptions, INTENTS, shuffle, softmax};
use crate::retrieval::dot;

/// The fitted layers: `hidden` rows of `width` weights, then `INTENTS` rows of `hidden`.
pub(super) struct Layers {
    pub hidden: Vec<Vec<f32>>,
    pub hidden_bias: Vec<f32>,
    pub output: Vec<Vec<f32>>,
    pub output_bias: Vec<f32>,
}

impl Layers {
    /// The hidden layer's activations for standardised features `x`.
    pub fn activations(hidden: &[Vec<f32>], bias: &[f32], x: &[f32]) -> Vec<f32> {
        hidden.iter().zip(bias).map(|(w, b)| (dot(w, x) + b).max(0.0)).collect()
    }
}

/// Fits on standardised rows `x` of class `classes`; a class absent from the rows (`weight` 0)
/// is never predicted.
pub(super) fn fit(x: &[Vec<f32>], classes: &[usize], class_weight: &[f32], options: FitOptions) -> Layers {
    let width = x.first().map_or(0, Vec::len);
    let units = options.hidden;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut uniform = |bound: f32| -> f32 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        ((seed >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0) * bound
    };
    // Glorot initialisation.
    let bound = (6.0 / (width + units) as f32).sqrt();
    let mut w1: Vec<Vec<f32>> = (0..units).map(|_| (0..width).map(|_| uniform(bound)).collect()).collect();
    let bound = (6.0 / (units + INTENTS) as f32).sqrt();
    let mut w2: Vec<Vec<f32>> = (0..INTENTS).map(|_| (0..units).map(|_| uniform(bound)).collect()).collect();
    let mut b1 = vec![0.0f32; units];
    let mut b2 = [0.0f32; INTENTS];
    let size = units * (width + 1) + INTENTS * (units + 1);
    let mut adam = Adam::new(size, options.learning_rate);
    let mut order: Vec<usize> = (0..x.len()).collect();
    let mut shuffled = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut shuffled);
        for batch in order.chunks(BATCH) {
            let mut g1 = vec![vec![0.0f32; width]; units];
            let mut gb1 = vec![0.0f32; units];
            let mut g2 = vec![vec![0.0f32; units]; INTENTS];
            let mut gb2 = [0.0f32; INTENTS];
            for &i in batch {
                let h = Layers::activations(&w1, &b1, &x[i]);
                let logits: [f32; INTENTS] =
                    std::array::from_fn(|c| if class_weight[c] == 0.0 { -1e9 } else { dot(&w2[c], &h) + b2[c] });
                let p = softmax(&logits);
                let weight = class_weight[classes[i]];
                let error: [f32; INTENTS] =
                    std::array::from_fn(|c| weight * (p[c] - if c == classes[i] { 1.0 } else { 0.0 }));
                let mut back = vec![0.0f32; units];
                for c in (0..INTENTS).filter(|c| error[*c].abs() >= 1e-7) {
                    gb2[c] += error[c];
                    g2[c].iter_mut().zip(&h).for_each(|(g, a)| *g += error[c] * a);
                    back.iter_mut().zip(&w2[c]).for_each(|(d, w)| *d += error[c] * w);
                }
                for (j, d) in back.iter().enumerate().filter(|(j, d)| h[*j] > 0.0 && d.abs() >= 1e-9) {
                    gb1[j] += d;
                    g1[j].iter_mut().zip(&x[i]).for_each(|(g, v)| *g += d * v);
                }
            }
            let n = batch.len() as f32;
            let mut grads = Vec::with_capacity(size);
            for (g, w) in g1.iter().zip(&w1) {
                grads.extend(g.iter().zip(w).map(|(g, w)| g / n + options.l2 * w));
            }
            grads.extend(gb1.iter().map(|g| g / n));
            for (g, w) in g2.iter().zip(&w2) {
                grads.extend(g.iter().zip(w).map(|(g, w)| g / n + options.l2 * w));
            }
            grads.extend(gb2.iter().map(|g| g / n));
            let steps = adam.step(&grads);
            let mut steps = steps.iter();
            for w in w1.iter_mut().flatten().chain(b1.iter_mut()).chain(w2.iter_mut().flatten()).chain(b2.iter_mut()) {
                *w -= steps.next().copied().unwrap_or(0.0);
            }
        }
    }
    Layers { hidden: w1, hidden_bias: b1, output: w2, output_bias: b2.to_vec() }
}

/* The two O(n^3) steps of an SMP turn as plain C loops, called through ctypes by
 * sim/bargaining/smp_native.py (see there and docs/bargaining.md, section 7).
 *
 * Every element is computed with the operations of the numpy paths (smp_fast.third_party_sides,
 * victory.coalitions) in the same order, and sums are taken in numpy's order, so the results
 * are numpy's to the last bit. That needs IEEE arithmetic as written: the build passes
 * -ffp-contract=off (no fused multiply-add) and never -ffast-math; -fno-trapping-math only
 * lets comparisons be evaluated without branches (it changes no value). Loops run over the
 * contiguous axis j with the voting rule a constant in each copy of them, so they vectorise.
 *
 * Arrays are C-contiguous float64; n x n matrices are indexed [row * n + col]. Outputs and
 * scratch never overlap the inputs (restrict). The functions hold no global state and write
 * only their own rows, so threads may run disjoint rows.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__)
/* -ffast-math (from $CFLAGS, or a compiler's default model) would reorder the sums, and GCC
 * would link code that flushes subnormals to zero in the whole process. Failing here leaves the
 * optional extension out, and runs take the numpy paths. */
#error "the SMP kernel must be built without -ffast-math"
#endif

/* the version of the calls below; smp_native.py refuses a library built from another version
 * (an editable install does not rebuild it on git pull) */
#define ABI_VERSION 1

#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(__clang__)
/* one build runs everywhere; the loader picks the AVX2 copy where the CPU has it (the
 * helpers below are inlined into each copy) */
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

#if defined(_WIN32)
#define EXPORT __declspec(dllexport)
#else
#define EXPORT __attribute__((visibility("default")))
#endif

#if defined(_MSC_VER)
#define INLINE static __forceinline
#define restrict __restrict
#else
#define INLINE static inline __attribute__((always_inline))
#endif

enum { PROP, BINARY, PROP_BIN, CUBIC, PROP_CBC, ASYM_PROSP }; /* smp_kernel.RULE_CODES */
enum { PAIRWISE_BLOCK = 128, LANES = 8 }; /* numpy's pairwise summation of a block */

/* numpy's maximum and minimum (a NaN in the first argument wins), not fmax and fmin; the
 * conditions are combined without a branch (| rather than ||) so the loops vectorise */
INLINE double np_max(double a, double b) { return ((a >= b) | (a != a)) ? a : b; }
INLINE double np_min(double a, double b) { return ((a <= b) | (a != a)) ? a : b; }

INLINE double binary(double du) { return np_min(np_max(du / 1e-8, -1.0), 1.0); }


/* voting.vote for one weight and one utility gap; called with a constant rule, so each loop
 * below is compiled once per rule without a branch on it */
INLINE double vote(int64_t rule, double w, double du) {
    switch (rule) {
    case PROP: return w * du;
    case BINARY: return w * binary(du);
    case PROP_BIN: return w * ((1 - 0.2) * du + 0.2 * binary(du));
    case CUBIC: return w * (du * du * du);
    case PROP_CBC: return w * ((1 - 0.5) * du + 0.5 * (du * du * du));
    default: /* ASYM_PROSP: losses count fully, gains two thirds */
        return du < 0 ? w * du : (du > 0 ? (2.0 * w * du) / 3.0 : 0.0);
    }
}

/* Calls BODY(rule) with the rule as a constant, one case per voting rule. */
#define BY_RULE(rule, BODY)                                                                     \
    switch (rule) {                                                                            \
    case PROP: BODY(PROP); break;                                                              \
    case BINARY: BODY(BINARY); break;                                                          \
    case PROP_BIN: BODY(PROP_BIN); break;                                                      \
    case CUBIC: BODY(CUBIC); break;                                                            \
    case PROP_CBC: BODY(PROP_CBC); break;                                                      \
    default: BODY(ASYM_PROSP); break;                                                          \
    }

typedef struct {
    int64_t n, rule;
    const double *u_ni, *u_nn, *rh, *near, *capped, *weights, *for_i0, *for_j0;
} Contest;

INLINE void votes_by_rule(const Contest *c, int64_t i, int64_t m, double *restrict v,
                          int64_t rule) {
    const int64_t n = c->n;
    const double w = c->weights[m], u_mi = c->u_ni[i * n + m], u_mm = c->u_nn[i * n + m];
    const double own_gap = u_mm - u_mi, r = c->rh[i * n + m];
    const double *near_m = c->near + m * n, *capped_m = c->capped + m * n;
    const double *fi = c->for_i0 + i * n, *fj = c->for_j0 + i * n;
    for (int64_t j = 0; j < n; j++) {
        double u_mj = near_m[j] * ((capped_m[j] * r) + 1.0);
        double leaning = vote(rule, w, u_mi - u_mj);
        double little_i = fi[j] + np_max(leaning, 0.0);
        double little_j = fj[j] - np_min(leaning, 0.0);
        double p_i = little_i / (little_i + little_j);
        v[j] = vote(rule, w, (p_i * own_gap) + ((1.0 - p_i) * (u_mj - u_mm)));
    }
}

/* v[j]: third party m's vote in every contest i-challenges-j, seen by i; 0 where m is i or j */
INLINE void third_party_votes(const Contest *c, int64_t i, int64_t m, double *v) {
    if (m == i) {
        memset(v, 0, (size_t)c->n * sizeof(double));
        return;
    }
#define VOTES(RULE) votes_by_rule(c, i, m, v, RULE)
    BY_RULE(c->rule, VOTES)
#undef VOTES
    v[m] = 0.0;
}

INLINE void add_sides(int64_t n, const double *restrict v, double *restrict pos,
                      double *restrict neg) {
    for (int64_t j = 0; j < n; j++) {
        pos[j] += np_max(v[j], 0.0);
        neg[j] += np_max(-v[j], 0.0);
    }
}

/* out[0][j], out[1][j]: sums over third parties m in [lo, lo + count) of max(v, 0) and
 * max(-v, 0), count <= 128, as numpy's pairwise summation adds a block: one after another
 * below 8 terms, else in eight interleaved partial sums (each starting from 0, which adds
 * exactly). partial is scratch of 2 * 8 * n, v of n. */
INLINE void leaf_sides(const Contest *c, int64_t i, int64_t lo, int64_t count, double *out,
                       double *partial, double *v) {
    const int64_t n = c->n;
    double *out_pos = out, *out_neg = out + n;
    memset(out, 0, 2 * (size_t)n * sizeof(double));
    int64_t step = 0;
    if (count >= LANES) {
        memset(partial, 0, 2 * LANES * (size_t)n * sizeof(double));
        while (step < count - (count % LANES)) {
            for (int64_t k = 0; k < LANES; k++) {
                third_party_votes(c, i, lo + step + k, v);
                add_sides(n, v, partial + k * n, partial + (LANES + k) * n);
            }
            step += LANES;
        }
        for (int s = 0; s < 2; s++) {
            const double *r = partial + s * LANES * n;
            double *o = out + s * n;
            for (int64_t j = 0; j < n; j++) {
                o[j] = ((r[j] + r[n + j]) + (r[2 * n + j] + r[3 * n + j])) +
                       ((r[4 * n + j] + r[5 * n + j]) + (r[6 * n + j] + r[7 * n + j]));
            }
        }
    }
    for (; step < count; step++) {
        third_party_votes(c, i, lo + step, v);
        add_sides(n, v, out_pos, out_neg);
    }
}

EXPORT int abi_version(void) { return ABI_VERSION; }

/* Rows start..stop-1 of both sides' strength after the third parties vote (semi-commitment).
 * plan (plan_rows x 3) is smp_native.pairwise_plan(n): rows (0, lo, size) sum a block of third
 * parties, rows (1, 0, 0) add the last two results. Returns 0, or -1 if out of memory. */
VECTOR_CLONES
EXPORT int third_party_rows(int64_t start, int64_t stop, const int64_t *plan, int64_t plan_rows,
                            int64_t n, const double *u_ni, const double *u_nn, const double *rh,
                            const double *near, const double *capped, const double *weights,
                            const double *for_i0, const double *for_j0, int64_t rule,
                            double *for_i, double *for_j) {
    const Contest c = {n, rule, u_ni, u_nn, rh, near, capped, weights, for_i0, for_j0};
    double *stack = malloc((size_t)(plan_rows + 1) * 2 * (size_t)n * sizeof(double));
    double *partial = malloc(2 * LANES * (size_t)n * sizeof(double));
    double *v = malloc((size_t)n * sizeof(double));
    if (!stack || !partial || !v) {
        free(stack), free(partial), free(v);
        return -1;
    }
    for (int64_t i = start; i < stop; i++) {
        int64_t top = 0;
        for (int64_t op = 0; op < plan_rows; op++) {
            const int64_t *row = plan + 3 * op;
            if (row[0] == 0) {
                leaf_sides(&c, i, row[1], row[2], stack + top * 2 * n, partial, v);
                top++;
            } else {
                double *left = stack + (top - 2) * 2 * n, *right = stack + (top - 1) * 2 * n;
                for (int64_t j = 0; j < 2 * n; j++) left[j] += right[j];
                top--;
            }
        }
        for (int64_t j = 0; j < n; j++) {
            for_i[i * n + j] = for_i0[i * n + j] + stack[j];
            for_j[i * n + j] = for_j0[i * n + j] + stack[n + j];
        }
    }
    free(stack), free(partial), free(v);
    return 0;
}

INLINE void coalitions_by_rule(const int64_t *options, int64_t count, int64_t voters, int64_t n,
                               const double *weights, const double *restrict utilities,
                               int64_t rule, double floor, double *restrict c,
                               double *restrict pos, double *restrict neg) {
    for (int64_t t = 0; t < count; t++) {
        const int64_t a = options[t];
        for (int64_t b = 0; b < a; b++) pos[b] = neg[b] = 0.0;
        for (int64_t k = 0; k < voters; k++) {
            const double *row = utilities + k * n;
            const double u_ka = row[a], w = weights[k];
            for (int64_t b = 0; b < a; b++) {
                double v = vote(rule, w, u_ka - row[b]);
                pos[b] += np_max(v, 0.0);
                neg[b] += np_max(-v, 0.0);
            }
        }
        for (int64_t b = 0; b < a; b++) {
            c[a * n + b] = floor + pos[b];
            c[b * n + a] = floor + neg[b];
        }
        c[a * n + a] = floor;
    }
}

/* Coalitions of the listed options a against every option b < a (both directions), into the
 * n x n matrix c, floor included. Voters are added in order, as numpy's sum over the voter
 * axis does; the loop over b is innermost and contiguous. utilities is voters x n. */
VECTOR_CLONES
EXPORT int coalition_rows(const int64_t *options, int64_t count, int64_t voters, int64_t n,
                          const double *weights, const double *utilities, int64_t rule,
                          double floor, double *c) {
    double *pos = malloc((size_t)(n ? n : 1) * sizeof(double));
    double *neg = malloc((size_t)(n ? n : 1) * sizeof(double));
    if (!pos || !neg) {
        free(pos), free(neg);
        return -1;
    }
#define COALITIONS(RULE) coalitions_by_rule(options, count, voters, n, weights, utilities, \
                                            RULE, floor, c, pos, neg)
    BY_RULE(rule, COALITIONS)
#undef COALITIONS
    free(pos), free(neg);
    return 0;
}

#if defined(_WIN32)
/* setuptools exports PyInit_<name> from every extension it builds; this library is loaded by
 * ctypes, never imported, so the symbol only has to exist */
EXPORT void *PyInit__smp_kernel(void) { return 0; }
#endif

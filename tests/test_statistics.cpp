// Percentiles (type 7), moments and Wilson intervals against values computed by hand
// (and by NumPy's default percentile, which is type 7).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "rollout/common/error.hpp"
#include "rollout/common/statistics.hpp"

using namespace rollout;

TEST_CASE("type 7 percentiles interpolate between order statistics") {
  const std::vector<double> sorted{1, 2, 3, 4};
  CHECK(percentile_sorted(sorted, 0) == 1);
  CHECK(percentile_sorted(sorted, 100) == 4);
  CHECK(percentile_sorted(sorted, 50) == 2.5);
  CHECK(percentile_sorted(sorted, 25) == doctest::Approx(1.75));  // numpy.percentile([1,2,3,4], 25)
  CHECK(percentile_sorted(sorted, 90) == doctest::Approx(3.7));
  CHECK(percentile_sorted(std::vector<double>{7}, 95) == 7);
}

TEST_CASE("summaries: moments with divisor n - 1, percentiles, missing values") {
  std::vector<double> scratch;
  const std::vector<double> values{4, 1, 3, 2};
  const std::vector<double> levels{25, 50};
  const Summary s = summarize(values, levels, false, scratch);
  CHECK(s.count == 4);
  CHECK(s.mean == 2.5);
  CHECK(s.sd == doctest::Approx(std::sqrt(5.0 / 3)));
  CHECK(s.se == doctest::Approx(std::sqrt(5.0 / 3) / 2));
  CHECK(s.percentiles == std::vector<double>{1.75, 2.5});
  const std::vector<double> gappy{1, std::nan(""), 3};
  CHECK(summarize(gappy, levels, true, scratch).count == 2);
  CHECK_THROWS_AS(summarize(gappy, levels, false, scratch), InternalError);
  CHECK_THROWS_AS(summarize(std::vector<double>{}, levels, false, scratch), InternalError);
  CHECK(std::isnan(summarize(std::vector<double>{5}, levels, false, scratch).sd));
}

TEST_CASE("summary percentiles equal those of the fully sorted values, ties and any order") {
  // summarize places only the order statistics it needs; a full sort is the reference.
  std::mt19937_64 engine(2024);
  std::uniform_int_distribution<int> small(0, 40);  // many ties
  const std::vector<double> levels{95, 0, 50, 5, 100, 25, 75, 1, 99, 62.5};
  for (const std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{10},
                              std::size_t{1001}, std::size_t{20000}}) {
    for (const bool ties : {true, false}) {
      CAPTURE(n);
      CAPTURE(ties);
      std::vector<double> values(n);
      std::normal_distribution<double> spread;
      for (double& v : values)
        v = ties ? small(engine) * 0.25 : spread(engine);
      std::vector<double> sorted = values, scratch;
      std::sort(sorted.begin(), sorted.end());
      const Summary s = summarize(values, levels, false, scratch);
      REQUIRE(s.percentiles.size() == levels.size());
      for (std::size_t i = 0; i < levels.size(); ++i) {
        CAPTURE(levels[i]);
        CHECK(s.percentiles[i] == percentile_sorted(sorted, levels[i]));
      }
    }
  }
  std::vector<double> scratch;
  CHECK_THROWS_AS(summarize(std::vector<double>{1, 2}, std::vector<double>{101}, false, scratch),
                  InternalError);
}

TEST_CASE("summary percentiles equal a full sort's for columns of every shape") {
  // summarize selects by radix over keys ordered as the doubles: columns that share their high
  // bits, mixed signs and signed zeros, a wide range of exponents, constant columns, integers,
  // and values that differ only in their lowest bits.
  std::mt19937_64 engine(7);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> exponent(-300, 300), sign(0, 1);
  const std::vector<double> levels{0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 100};
  const std::vector<std::function<double()>> shapes{
      [&] { return 1000 + 1e-9 * normal(engine); },  // high bits alike
      [&] { return sign(engine) != 0 ? -0.0 : 0.0 + (normal(engine) > 1 ? normal(engine) : 0); },
      [&] { return (sign(engine) != 0 ? -1 : 1) * std::ldexp(1.5, exponent(engine)); },
      [] { return 42.0; },
      [&] { return std::floor(normal(engine) * 3); },
      [&] { return 1 + std::ldexp(std::floor(std::abs(normal(engine)) * 9), -52); },  // low bits
  };
  for (std::size_t shape = 0; shape < shapes.size(); ++shape) {
    for (const std::size_t n : {std::size_t{65}, std::size_t{5000}, std::size_t{30001}}) {
      CAPTURE(shape);
      CAPTURE(n);
      std::vector<double> values(n), scratch;
      for (double& v : values)
        v = shapes[shape]();
      std::vector<double> sorted = values;
      std::sort(sorted.begin(), sorted.end());
      const Summary s = summarize(values, levels, false, scratch);
      for (std::size_t i = 0; i < levels.size(); ++i) {
        CAPTURE(levels[i]);
        CHECK(s.percentiles[i] == percentile_sorted(sorted, levels[i]));
      }
    }
  }
}

TEST_CASE("column summaries of a table's rows equal each column's summary, bit for bit") {
  // summarize_columns sums row by row and selects from keys it makes itself; summarize of the
  // column copied out is the reference, compared with == (the same additions in the same
  // order give the same bits). Widths that leave a part group of eight; the column shapes of
  // the percentile tests above; a single row (no sd); a NaN, reported at its replication.
  std::mt19937_64 engine(11);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> small(0, 12);
  const std::vector<double> levels{5, 50, 95, 0, 100};
  for (const std::size_t rows :
       {std::size_t{1}, std::size_t{2}, std::size_t{63}, std::size_t{65}, std::size_t{3001}}) {
    for (const std::size_t width : {std::size_t{1}, std::size_t{8}, std::size_t{13}}) {
      CAPTURE(rows);
      CAPTURE(width);
      std::vector<double> table(rows * (width + 3));  // rows wider than the columns read
      for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t c = 0; c < width; ++c) {
          const double x = c % 3 == 0   ? 1000 + 1e-9 * normal(engine)
                           : c % 3 == 1 ? std::floor(small(engine) * 0.5) - 3
                                        : normal(engine) * std::ldexp(1.0, small(engine) - 6);
          table[i * (width + 3) + c] = x;
        }
      }
      std::vector<const double*> row_starts(rows);
      for (std::size_t i = 0; i < rows; ++i)
        row_starts[i] = &table[i * (width + 3)];
      std::vector<Summary> out(width);
      std::vector<std::uint64_t> keys;
      summarize_columns(row_starts, width, levels, out, keys);
      std::vector<double> column(rows), scratch;
      for (std::size_t c = 0; c < width; ++c) {
        CAPTURE(c);
        for (std::size_t i = 0; i < rows; ++i)
          column[i] = table[i * (width + 3) + c];
        const Summary expected = summarize(column, levels, false, scratch);
        CHECK(out[c].count == expected.count);
        CHECK(out[c].mean == expected.mean);
        if (rows > 1) {
          CHECK(out[c].sd == expected.sd);
          CHECK(out[c].se == expected.se);
        } else {
          CHECK(std::isnan(out[c].sd));
        }
        CHECK(out[c].percentiles == expected.percentiles);
      }
      if (rows > 2 && width > 1) {
        table[2 * (width + 3) + 1] = std::nan("");
        CHECK_THROWS_WITH_AS(summarize_columns(row_starts, width, levels, out, keys),
                             "statistics: replication 2 has no value (NaN)", InternalError);
      }
    }
  }
  std::vector<std::uint64_t> keys;
  std::vector<Summary> two(2);
  CHECK_THROWS_AS(summarize_columns({}, 2, std::vector<double>{50}, two, keys), InternalError);
}

TEST_CASE("Wilson intervals") {
  const Proportion half = wilson(50, 100);
  CHECK(half.proportion == 0.5);
  CHECK(half.lo == doctest::Approx(0.4038).epsilon(1e-3));
  CHECK(half.hi == doctest::Approx(0.5962).epsilon(1e-3));
  const Proportion none = wilson(0, 20);
  CHECK(none.lo == 0);
  CHECK(none.hi == doctest::Approx(0.1611).epsilon(1e-3));
  CHECK_THROWS_AS(wilson(3, 2), InternalError);
  CHECK_THROWS_AS(wilson(0, 0), InternalError);
}

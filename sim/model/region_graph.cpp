#include "rollout/model/region_graph.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>

namespace rollout {

RegionGraph::RegionGraph(const std::vector<Region>& regions) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Graph graph(regions.size());
  auto index_of = [&](const std::string& name) {
    const auto it = std::find_if(regions.begin(), regions.end(),
                                 [&](const Region& r) { return r.name == name; });
    if (it == regions.end())
      throw InternalError(fmt::format("region graph: unknown neighbour '{}'", name));
    return static_cast<std::size_t>(it - regions.begin());
  };
  for (std::size_t r = 0; r < regions.size(); ++r) {
    for (const std::string& name : regions[r].neighbours) {
      const std::size_t n = index_of(name);
      // Borders are listed on both sides; add each edge once.
      if (r < n) boost::add_edge(r, n, graph);
    }
  }
  offsets_.assign(1, 0);
  for (std::size_t r = 0; r < regions.size(); ++r) {
    std::vector<std::size_t> around;
    for (auto [it, end] = boost::adjacent_vertices(r, graph); it != end; ++it)
      around.push_back(*it);
    std::sort(around.begin(), around.end());
    targets_.insert(targets_.end(), around.begin(), around.end());
    offsets_.push_back(targets_.size());
  }
}

Eigen::MatrixXd RegionGraph::correlation(double rho) const {
  const auto n = static_cast<Eigen::Index>(size());
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t r = 0; r < size(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    q(i, i) = static_cast<double>(degree(r)) + 1;
    for (const std::size_t* it = neighbours_begin(r); it != neighbours_end(r); ++it) {
      q(i, static_cast<Eigen::Index>(*it)) = -rho;
    }
  }
  // Q is symmetric and strictly diagonally dominant for 0 <= rho < 1, hence positive definite.
  const Eigen::MatrixXd s = q.llt().solve(Eigen::MatrixXd::Identity(n, n));
  const Eigen::VectorXd scale = s.diagonal().cwiseSqrt().cwiseInverse();
  return scale.asDiagonal() * s * scale.asDiagonal();
}

Eigen::MatrixXd RegionGraph::correlation_factor(double rho) const {
  const Eigen::LLT<Eigen::MatrixXd> llt(correlation(rho));
  if (llt.info() != Eigen::Success) {
    throw InternalError(
        fmt::format("spatial correlation with rho {} is not positive definite", rho));
  }
  return llt.matrixL();
}

}  // namespace rollout

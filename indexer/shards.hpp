// Sharded index layout: DIR/shard-0 … DIR/shard-(N-1) and DIR/XAPIANDB, a Xapian stub listing
// them, so that DIR opens as one database everywhere (Xapian reads a folder's XAPIANDB stub).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace heritage::indexer {

// The shard a document id belongs to: fnv1a(id) mod shards, the same on every machine and
// run, so re-indexing finds a document where it was. REQUIRES: shards > 0.
std::size_t shard_of(std::string_view id, std::size_t shards);

// Shards of the index at dir: N for a sharded layout, 0 for anything else (a single index,
// an empty or missing folder).
std::size_t existing_shards(const std::string& dir);

// The folders to write for an index of `shards` shards at dir: {dir} for one shard, else
// DIR/shard-i, creating dir and its stub. Throws std::runtime_error when dir already holds an
// index of another shape (a single index, or a different number of shards).
std::vector<std::string> prepare_shards(const std::string& dir, std::size_t shards);

// True if dir holds no index yet (missing, empty, or shard folders without documents written).
bool is_new_index(const std::string& dir);

// Rewrites the single index at dir with Xapian's compaction (full blocks, same documents and
// document ids): smaller and quicker to read after a bulk build. Goes through dir.compacting
// and swaps the folders. REQUIRES: no writer has dir open.
void compact_in_place(const std::string& dir);

}  // namespace heritage::indexer

// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RedEnvelopeTestBase} from "./RedEnvelopeTestBase.sol";

/// Fair-envelope helpers: the service's seed per envelope, creation with its commitment, claims and the reveal.
abstract contract FairEnvelopeTestBase is RedEnvelopeTestBase {

    function _seed(uint256 n) internal pure returns (bytes32) {
        return keccak256(abi.encode("service seed", n));
    }

    function _seedHash(bytes32 seed) internal pure returns (bytes32) {
        return keccak256(abi.encode(seed));
    }

    function _createFair(address creator, uint128 total, uint32 shares, bytes32 seed) internal returns (uint256 id) {
        uint64 expiresAt = _expiry();
        vm.prank(creator);
        id = envelopes.createFair(coin, total, shares, expiresAt, gatekeeper, CHAT_REF, _seedHash(seed));
    }

    /// Claims every share left by fresh members `from`, `from + 1`, ...; the last claim closes the envelope.
    function _claimRest(uint256 id, uint256 from) internal {
        uint32 left = envelopes.envelope(id).sharesLeft;
        for (uint256 i = 0; i < left; ++i) {
            _claim(id, _member(from + i));
        }
    }

    /// Mines the block after the closing one and reveals there.
    function _reveal(uint256 id, bytes32 seed) internal {
        vm.roll(block.number + 1);
        envelopes.reveal(id, seed);
    }

    /// What position `position` of envelope `id` is paid, recomputed from the revealed randomness.
    function _amountAt(uint256 id, uint32 position) internal view returns (uint256) {
        bytes32 randomness = envelopes.draw(id).randomness;
        (uint128 total, uint32 shares, uint96 minShare_) = _terms(id);
        return envelopes.fairShares(randomness, total, shares, minShare_)[position];
    }

    function _terms(uint256 id) internal view returns (uint128 total, uint32 shares, uint96 minShare_) {
        total = envelopes.envelope(id).total;
        shares = envelopes.envelope(id).shares;
        minShare_ = envelopes.envelope(id).minShare;
    }
}


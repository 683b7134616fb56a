// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IRedEnvelope} from "../../../src/envelopes/IRedEnvelope.sol";

/// The code an attacker puts at its claiming address (a contract here; EIP-7702 delegation to the same code behaves
/// alike): claim, and revert the whole claim unless the share paid is at least `threshold`, so a poor draw costs only
/// a failed transaction and the attacker tries again in a later block.
contract ClaimOrRevert {
    IRedEnvelope internal immutable _envelopes;

    /// The claim paid less than the attacker wants.
    error ClaimOrRevertTooSmall(uint256 share, uint256 threshold);

    constructor(IRedEnvelope envelopes_) {
        _envelopes = envelopes_;
    }

    function claim(uint256 id, uint64 deadline, bytes calldata voucher, uint256 threshold)
        external
        returns (uint256 share)
    {
        share = _envelopes.claim(id, deadline, voucher);
        if (share < threshold) revert ClaimOrRevertTooSmall(share, threshold);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {RedEnvelopeTestBase} from "./RedEnvelopeTestBase.sol";
import {RedEnvelopeHandler} from "./handlers/RedEnvelopeHandler.sol";

/// Invariants checked against the contract's own books after random sequences of handler calls.
/// The depth is 72 rather than 64 so that the five book-changing actions still get the 64 / 5 calls a run each
/// that they had before the foreign-voucher attempts took their share (see the selectors in `setUp`).
/// forge-config: default.invariant.depth = 72
contract RedEnvelopeInvariantTest is RedEnvelopeTestBase {
    RedEnvelopeHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory creators = new address[](3);
        creators[0] = alice;
        creators[1] = bob;
        creators[2] = carol;
        address[] memory members = new address[](6);
        members[0] = alice;
        members[1] = bob;
        members[2] = carol;
        members[3] = _member(1);
        members[4] = _member(2);
        members[5] = _member(3);
        handler = new RedEnvelopeHandler(envelopes, _newEnvelopes(), coin, gatekeeperPk, creators, members);

        // Selectors are drawn uniformly from this list: each action listed twice and the foreign-voucher claim
        // once weighs them 2:1, some 300 foreign vouchers of every kind refused a campaign without thinning out
        // the calls that move the books.
        bytes4[] memory selectors = new bytes4[](11);
        for (uint256 i = 0; i < 2; ++i) {
            selectors[5 * i] = RedEnvelopeHandler.create.selector;
            selectors[5 * i + 1] = RedEnvelopeHandler.claim.selector;
            selectors[5 * i + 2] = RedEnvelopeHandler.claimAgain.selector;
            selectors[5 * i + 3] = RedEnvelopeHandler.refund.selector;
            selectors[5 * i + 4] = RedEnvelopeHandler.warp.selector;
        }
        selectors[10] = RedEnvelopeHandler.claimWithForeignVoucher.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// The envelope contract holds exactly the sum of what its envelopes still have locked.
    function invariant_balanceEqualsSumOfRemaining() external view {
        uint256 sum;
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            sum += envelopes.envelope(id).remaining;
        }
        assertEq(coin.balanceOf(address(envelopes)), sum);
    }

    /// Every envelope's total is what was claimed from it, plus what was refunded, plus what remains.
    function invariant_totalIsClaimedPlusRefundedPlusRemaining() external view {
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            IRedEnvelope.Envelope memory e = envelopes.envelope(id);
            assertEq(handler.claimedSum(id) + handler.refundedSum(id) + e.remaining, e.total);
        }
    }

    /// Nobody claims twice from the same envelope, and each claim used up exactly one share.
    function invariant_nobodyClaimsTwice() external view {
        address[] memory members = handler.members();
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            uint256 claimers;
            for (uint256 i = 0; i < members.length; ++i) {
                uint256 claims = handler.claimsBy(id, members[i]);
                assertLe(claims, 1, "claimed twice");
                assertEq(envelopes.hasClaimed(id, members[i]), claims == 1, "hasClaimed");
                claimers += claims;
            }
            IRedEnvelope.Envelope memory e = envelopes.envelope(id);
            assertEq(e.shares - e.sharesLeft, claimers, "one share per claim");
        }
    }

    /// An envelope with no share left has nothing left locked.
    function invariant_noShareLeftMeansNothingLeft() external view {
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            IRedEnvelope.Envelope memory e = envelopes.envelope(id);
            if (e.sharesLeft == 0) assertEq(e.remaining, 0);
        }
    }

    /// No voucher made for another claimer, envelope, chain, contract or signer ever pays out.
    function invariant_foreignVoucherNeverPays() external view {
        // Refused attempts revert whole, so they leave the books as they were; the invariants above check them.
        assertEq(handler.foreignVouchersAccepted(), 0, "foreign voucher accepted");
        assertEq(handler.foreignVouchersPaid(), 0, "paid against a foreign voucher");
    }

    /// Every handler call succeeded, or failed only the way it had to, so none of them reverted otherwise.
    function invariant_handlerNeverReverts() external view {
        assertEq(handler.reverts(), 0);
    }
}

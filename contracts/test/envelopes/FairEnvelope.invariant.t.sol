// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {FairEnvelopeTestBase} from "./FairEnvelopeTestBase.sol";
import {FairEnvelopeHandler} from "./handlers/FairEnvelopeHandler.sol";

/// Invariants of Fair envelopes against the contract's own books, after random create / claim / close / reveal /
/// settle / refund / warp sequences.
contract FairEnvelopeInvariantTest is FairEnvelopeTestBase {
    FairEnvelopeHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory creators = new address[](3);
        creators[0] = alice;
        creators[1] = bob;
        creators[2] = carol;
        address[] memory members = new address[](5);
        members[0] = alice;
        members[1] = bob;
        members[2] = _member(1);
        members[3] = _member(2);
        members[4] = _member(3);
        handler = new FairEnvelopeHandler(envelopes, coin, gatekeeperPk, creators, members);
        targetContract(address(handler));
    }

    /// The envelope contract holds exactly the sum of what its envelopes still have locked.
    function invariant_fair_balanceEqualsSumOfRemaining() external view {
        uint256 sum;
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            sum += envelopes.envelope(id).remaining;
        }
        assertEq(coin.balanceOf(address(envelopes)), sum);
    }

    /// Nothing is paid before the reveal: claims pay nothing, and an unsettled envelope still holds its total.
    function invariant_fair_noPayoutBeforeTheReveal() external view {
        assertEq(handler.paidAtClaim(), 0, "a claim paid");
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            IRedEnvelope.Envelope memory e = envelopes.envelope(id);
            if (envelopes.draw(id).settled) continue;
            assertEq(handler.payoutSum(id), 0, "a payout before settling");
            // (an envelope nobody claimed may have been refunded whole)
            if (e.sharesLeft != e.shares) assertEq(e.remaining, e.total, "paid before settling");
        }
    }

    /// Each claimer of a settled envelope is paid exactly once, and nobody else is paid: one payout log per claimer,
    /// and a member who never creates holds exactly what its payout logs say (the token's books, not the logs alone).
    function invariant_fair_eachClaimerPaidOnce() external view {
        address[] memory members = handler.members();
        for (uint256 i = 2; i < members.length; ++i) {
            assertEq(coin.balanceOf(members[i]), handler.payoutTotalTo(members[i]), "received besides its payouts");
        }
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            bool settled = envelopes.draw(id).settled;
            for (uint256 i = 0; i < members.length; ++i) {
                uint256 expected = settled && envelopes.hasClaimed(id, members[i]) ? 1 : 0;
                assertEq(handler.payoutsTo(id, members[i]), expected, "payouts to a member");
            }
        }
    }

    /// A settled envelope paid its claimers what left its books; a full one paid exactly its total.
    function invariant_fair_payoutsSumToTheTotal() external view {
        for (uint256 id = 1; id <= envelopes.envelopeCount(); ++id) {
            IRedEnvelope.Envelope memory e = envelopes.envelope(id);
            if (!envelopes.draw(id).settled) continue;
            if (e.sharesLeft == 0) assertEq(handler.payoutSum(id), e.total, "a full envelope pays its total");
            else assertLe(handler.payoutSum(id), e.total);
        }
    }

    /// Every handler call succeeded, so none of them reverted unexpectedly.
    function invariant_fair_handlerNeverReverts() external view {
        assertEq(handler.reverts(), 0);
    }
}

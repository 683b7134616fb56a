// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RedEnvelopeTestBase} from "../RedEnvelopeTestBase.sol";
import {FairEnvelopeTestBase} from "../FairEnvelopeTestBase.sol";
import {ClaimOrRevert} from "../mocks/ClaimOrRevert.sol";

/// The three ways issue 20 steered a Random envelope (share = keccak(prevrandao, id, claimer, sharesLeft)), on the
/// issue's envelope: 100 CHAT in 100 shares, so the fair share is 1 CHAT. Each test averages what the attacker took
/// over several envelopes and asserts the gain, so the weakness of the Random mode stays documented by a test that
/// fails the day it is gone.
contract RandomSteeringAttackTest is RedEnvelopeTestBase {
    uint128 internal constant ATTACK_TOTAL = 100 ether;
    uint32 internal constant ATTACK_SHARES = 100;
    uint256 internal constant FAIR = ATTACK_TOTAL / ATTACK_SHARES;
    uint256 internal constant ENVELOPES = 20;

    address internal attacker = makeAddr("attacker");

    /// Best of 10 blocks: before claiming, the attacker simulates its claim (eth_call) in each of the next blocks
    /// and sends it in the block that pays most.
    function test_attack_chooseTheBlock_gainsAboveFairShare() external {
        uint256 taken;
        for (uint256 n = 0; n < ENVELOPES; ++n) {
            uint256 id = _create(alice, ATTACK_TOTAL, ATTACK_SHARES, RANDOM);
            uint256 bestBlock;
            uint256 best;
            for (uint256 b = 0; b < 10; ++b) {
                vm.prevrandao(keccak256(abi.encode("block", n, b)));
                uint256 snapshot = vm.snapshotState();
                uint256 share = _claim(id, attacker); // the eth_call
                vm.revertToState(snapshot);
                if (share > best) (best, bestBlock) = (share, b);
            }
            vm.prevrandao(keccak256(abi.encode("block", n, bestBlock)));
            taken += _claim(id, attacker);
        }
        emit log_named_decimal_uint("chosen block: CHAT per envelope", taken / ENVELOPES, 18);
        assertGt(taken / ENVELOPES, FAIR * 3 / 2, "the block choice is worth more than 1.5 fair shares");
    }

    /// Code at the claiming address that claims and reverts unless the share is large: the attacker sends it once
    /// a block until it sticks, atomically, never receiving a poor share.
    function test_attack_claimOrRevertCode_gainsAboveFairShare() external {
        ClaimOrRevert code = new ClaimOrRevert(envelopes);
        uint256 taken;
        for (uint256 n = 0; n < ENVELOPES; ++n) {
            uint256 id = _create(alice, ATTACK_TOTAL, ATTACK_SHARES, RANDOM);
            uint64 deadline = _deadline();
            bytes memory voucher = _voucher(id, address(code), deadline);
            for (uint256 b = 0; b < 30; ++b) {
                vm.prevrandao(keccak256(abi.encode("code", n, b)));
                try code.claim(id, deadline, voucher, FAIR * 18 / 10) returns (uint256 share) {
                    taken += share;
                    break;
                } catch {}
            }
            if (envelopes.hasClaimed(id, address(code))) continue;
            taken += code.claim(id, deadline, voucher, 0); // 30 poor blocks in a row: take what comes
        }
        emit log_named_decimal_uint("claim-or-revert: CHAT per envelope", taken / ENVELOPES, 18);
        assertGt(taken / ENVELOPES, FAIR * 3 / 2, "claim-or-revert is worth more than 1.5 fair shares");
    }

    /// Choosing the position: in one block the share depends on how many shares are left, so the attacker
    /// simulates its claim before each honest claim and claims at the first position that pays well.
    function test_attack_chooseThePosition_gainsAboveFairShare() external {
        uint256 taken;
        for (uint256 n = 0; n < ENVELOPES; ++n) {
            vm.prevrandao(keccak256(abi.encode("position", n)));
            uint256 id = _create(alice, ATTACK_TOTAL, ATTACK_SHARES, RANDOM);
            uint256 share;
            for (uint256 i = 0; i + 1 < ATTACK_SHARES; ++i) {
                uint256 snapshot = vm.snapshotState();
                share = _claim(id, attacker);
                if (share >= FAIR * 18 / 10) break;
                vm.revertToState(snapshot);
                share = 0;
                _claim(id, _member(n * 1_000 + i)); // an honest member takes this position
            }
            if (share == 0) share = _claim(id, attacker); // the last position
            taken += share;
        }
        emit log_named_decimal_uint("chosen position: CHAT per envelope", taken / ENVELOPES, 18);
        assertGt(taken / ENVELOPES, FAIR * 3 / 2, "the position choice is worth more than 1.5 fair shares");
    }
}

/// The same three attacks, and the claim ordering a relayer or block builder controls, on a Fair envelope of the same
/// size. Exact part: at the claim the attacker learns nothing (the claim returns 0 and pays 0 in every block, at every
/// position, from every address and code), and the reveal's block is no input. Statistical part: with nothing to
/// condition on, the attacker's share is the share of a position it picks blindly; averaged over 400 draws every
/// position, first, middle or last, pays the fair share within 5 standard errors (one share's standard deviation
/// is about 0.58 CHAT, so one standard error of a mean over 400 is 0.029 CHAT).
contract FairSteeringAttackTest is FairEnvelopeTestBase {
    uint128 internal constant ATTACK_TOTAL = 100 ether;
    uint32 internal constant ATTACK_SHARES = 100;
    uint256 internal constant FAIR = ATTACK_TOTAL / ATTACK_SHARES;
    uint256 internal constant DRAWS = 400;
    uint256 internal constant TOLERANCE = 0.15 ether; // 5 standard errors

    address internal attacker = makeAddr("attacker");

    function test_fair_chooseTheBlock_seesNothingToChoose() external {
        uint256 id = _createFair(alice, ATTACK_TOTAL, ATTACK_SHARES, _seed(1));
        for (uint256 b = 0; b < 10; ++b) {
            vm.roll(block.number + 1);
            vm.prevrandao(keccak256(abi.encode("block", b)));
            uint256 snapshot = vm.snapshotState();
            assertEq(_claim(id, attacker), 0, "the eth_call shows no share");
            assertEq(coin.balanceOf(attacker), 0, "and pays nothing");
            vm.revertToState(snapshot);
        }
    }

    function test_fair_claimOrRevertCode_neverSeesAShareToKeep() external {
        ClaimOrRevert code = new ClaimOrRevert(envelopes);
        uint256 id = _createFair(alice, ATTACK_TOTAL, ATTACK_SHARES, _seed(2));
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, address(code), deadline);
        for (uint256 b = 0; b < 30; ++b) {
            vm.roll(block.number + 1);
            vm.prevrandao(keccak256(abi.encode("code", b)));
            vm.expectRevert(abi.encodeWithSelector(ClaimOrRevert.ClaimOrRevertTooSmall.selector, 0, 1));
            code.claim(id, deadline, voucher, 1); // any threshold above zero: every claim reverts
        }
        assertFalse(envelopes.hasClaimed(id, address(code)));
        // Keeping whatever comes (threshold 0) is an ordinary blind claim: one position like any other.
        code.claim(id, deadline, voucher, 0);
        _claimRest(id, 0);
        _reveal(id, _seed(2));
        assertEq(coin.balanceOf(address(code)), _amountAt(id, 0));
    }

    function test_fair_chooseThePosition_seesTheSameZeroEverywhere() external {
        uint256 id = _createFair(alice, ATTACK_TOTAL, ATTACK_SHARES, _seed(3));
        for (uint256 i = 0; i + 1 < ATTACK_SHARES; ++i) {
            uint256 snapshot = vm.snapshotState();
            assertEq(_claim(id, attacker), 0, "no position shows its share");
            vm.revertToState(snapshot);
            _claim(id, _member(i));
        }
    }

    /// Claims reordered (by a relayer or a block builder) change who sits where, never what a position pays:
    /// the amounts by position depend only on the seed, the closing block's hash and the envelope.
    function test_fair_reorderedClaims_payByPositionTheSameAmounts() external {
        uint256 id = _createFair(alice, 10 ether, 10, _seed(4));
        uint256 snapshot = vm.snapshotState();
        _claimRest(id, 0);
        _reveal(id, _seed(4));
        uint256 firstOfAscending = coin.balanceOf(_member(0));
        vm.revertToState(snapshot);
        for (uint256 i = 10; i > 0; --i) {
            _claim(id, _member(i - 1)); // the same blocks, the opposite order
        }
        _reveal(id, _seed(4));
        assertEq(coin.balanceOf(_member(9)), firstOfAscending, "position 0 pays the same to whoever sits there");
    }

    /// Every position pays the fair share on average: there is no position worth aiming for.
    function test_fair_everyPositionPaysTheFairShareOnAverage() external {
        uint32[4] memory positions = [uint32(0), 37, 50, 99];
        uint256[4] memory sums;
        for (uint256 n = 0; n < DRAWS; ++n) {
            bytes32 randomness = keccak256(abi.encode(_seed(n), blockhash(block.number - 1), n));
            uint256[] memory amounts = envelopes.fairShares(randomness, ATTACK_TOTAL, ATTACK_SHARES, MIN_SHARE);
            for (uint256 k = 0; k < 4; ++k) {
                sums[k] += amounts[positions[k]];
            }
        }
        for (uint256 k = 0; k < 4; ++k) {
            emit log_named_decimal_uint("fair: mean share at a fixed position", sums[k] / DRAWS, 18);
            assertApproxEqAbs(sums[k] / DRAWS, FAIR, TOLERANCE, "a position's mean is the fair share");
        }
    }
}

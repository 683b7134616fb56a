// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {RedEnvelope} from "../../src/envelopes/RedEnvelope.sol";
import {RedEnvelopeTestBase} from "./RedEnvelopeTestBase.sol";

/// Splits over random totals, shares and modes; expiries; and vouchers that must be useless anywhere but
/// for the one claimer, envelope, chain and contract they were signed for.
contract RedEnvelopeFuzzTest is RedEnvelopeTestBase {
    function testFuzz_claim_sharesSumToTheTotalAndEachIsAtLeastMinShare(
        uint256 seed,
        uint256 total,
        uint256 shares,
        bool equal,
        uint256 minShare,
        bool tight
    ) external {
        minShare = bound(minShare, 1, 10 ether);
        vm.prank(address(timelock));
        envelopes.setMinShare(uint96(minShare));
        shares = bound(shares, 1, 64);
        uint256 minimum = shares * minShare;
        // tight: at most one wei of slack per share, where the "every later share gets minShare" cap binds
        total = bound(total, minimum, tight ? minimum + shares : 100_000 ether);
        uint256 id = _create(alice, uint128(total), uint32(shares), equal ? EQUAL : RANDOM);

        uint256 sum;
        for (uint256 i = 0; i < shares; ++i) {
            vm.prevrandao(keccak256(abi.encode(seed, i)));
            uint256 share = _claim(id, _member(i));
            assertGe(share, minShare, "every share is at least minShare");
            if (equal && i + 1 < shares) assertEq(share, total / shares, "equal shares");
            sum += share;
        }

        assertEq(sum, total, "the shares sum to the total");
        assertEq(envelopes.envelope(id).remaining, 0, "nothing remains");
        assertEq(coin.balanceOf(address(envelopes)), 0, "nothing locked");
    }

    function testFuzz_claim_randomShareFollowsTheWeChatRule(
        uint256 seed,
        uint256 total,
        uint256 shares,
        uint256 claimsBefore
    ) external {
        shares = bound(shares, 2, MAX_SHARES);
        uint256 minimum = shares * MIN_SHARE;
        total = bound(total, minimum, 100_000 ether);
        claimsBefore = bound(claimsBefore, 0, shares > 5 ? 3 : shares - 2); // leaves at least two shares
        uint256 id = _create(alice, uint128(total), uint32(shares), RANDOM);
        for (uint256 i = 0; i < claimsBefore; ++i) {
            _claim(id, _member(1_000 + i));
        }
        IRedEnvelope.Envelope memory e = envelopes.envelope(id);
        uint256 cap = 2 * uint256(e.remaining) / e.sharesLeft;
        uint256 reserve = e.remaining - (e.sharesLeft - 1) * MIN_SHARE;
        if (cap > reserve) cap = reserve;

        vm.prevrandao(bytes32(seed));
        uint256 share = _claim(id, _member(0));

        assertGe(share, MIN_SHARE, "at least minShare");
        assertLe(share, cap, "at most twice the average, and leaving minShare for every later share");
    }

    function testFuzz_create_acceptsOnlyExpiriesWithinTheNext30Days(uint256 expiresAt) external {
        uint256 latest = block.timestamp + 30 days;
        expiresAt = bound(expiresAt, block.timestamp - 30 days, latest + 30 days);
        if (expiresAt <= block.timestamp) {
            vm.expectRevert(
                abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpiryInPast.selector, expiresAt, block.timestamp)
            );
        } else if (expiresAt > latest) {
            vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpiryTooFar.selector, expiresAt, latest));
        }
        vm.prank(alice);
        envelopes.create(coin, TOTAL, SHARES, RANDOM, uint64(expiresAt), gatekeeper, CHAT_REF);
    }

    function testFuzz_expiry_endsClaimsAndStartsRefunds(uint256 lifetime) external {
        lifetime = bound(lifetime, 1, 30 days);
        uint64 expiresAt = uint64(block.timestamp + lifetime);
        vm.prank(alice);
        uint256 id = envelopes.create(coin, TOTAL, SHARES, EQUAL, expiresAt, gatekeeper, CHAT_REF);

        vm.warp(expiresAt);
        _claim(id, bob); // the last second still belongs to claimers
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotExpired.selector, id, expiresAt));
        envelopes.refund(id);

        vm.warp(uint256(expiresAt) + 1);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, carol, deadline);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpired.selector, id, expiresAt));
        envelopes.claim(id, deadline, voucher);
        assertEq(envelopes.refund(id), TOTAL - TOTAL / SHARES);
    }

    function testFuzz_voucher_isUselessForAnotherClaimer(uint256 seed) external {
        uint256 id = _create(RANDOM);
        address vouched = _member(seed);
        address other = _member(seed ^ 1);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, vouched, deadline);

        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, other));
        envelopes.claim(id, deadline, voucher);
        vm.prank(vouched);
        envelopes.claim(id, deadline, voucher);
    }

    function testFuzz_voucher_isUselessForAnotherEnvelope(uint256 count, uint256 vouchedSeed, uint256 otherSeed)
        external
    {
        count = bound(count, 2, 5);
        for (uint256 i = 0; i < count; ++i) {
            _create(RANDOM);
        }
        uint256 vouchedId = bound(vouchedSeed, 1, count);
        uint256 otherId = 1 + (vouchedId + bound(otherSeed, 0, count - 2)) % count; // any id but vouchedId
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(vouchedId, bob, deadline);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, otherId, bob));
        envelopes.claim(otherId, deadline, voucher);
        vm.prank(bob);
        envelopes.claim(vouchedId, deadline, voucher);
    }

    function testFuzz_voucher_isUselessOnAnotherChain(uint64 chainId) external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucherOfThisChain = _voucher(id, bob, deadline);
        uint256 otherChain = bound(chainId, 1, type(uint64).max);
        if (otherChain == block.chainid) otherChain += 1;
        vm.chainId(otherChain);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, bob));
        envelopes.claim(id, deadline, voucherOfThisChain);

        // The domain follows the chain: a voucher signed for the new chain id works there.
        assertEq(
            envelopes.voucherDigest(id, bob, deadline), _expectedVoucherDigest(address(envelopes), id, bob, deadline)
        );
        bytes memory voucherOfOtherChain = _voucher(id, bob, deadline);
        vm.prank(bob);
        envelopes.claim(id, deadline, voucherOfOtherChain);
    }

    function testFuzz_voucher_isUselessOnAnotherDeployment(uint256 seed) external {
        RedEnvelope twin = _newEnvelopes();
        vm.prank(alice);
        coin.approve(address(twin), TOTAL);
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        uint256 twinId = twin.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
        uint256 id = _create(RANDOM);
        assertEq(twinId, id, "same id in both deployments");
        address member = _member(seed);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, member, deadline);

        vm.prank(member);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, member));
        twin.claim(id, deadline, voucher);
        vm.prank(member);
        envelopes.claim(id, deadline, voucher);
    }

    function testFuzz_voucher_worksUntilItsDeadlineOnly(uint256 deadline, uint256 claimAt) external {
        uint256 id = _create(EQUAL);
        deadline = bound(deadline, block.timestamp, block.timestamp + 2 hours);
        claimAt = bound(claimAt, block.timestamp, block.timestamp + 2 hours);
        bytes memory voucher = _voucher(id, bob, uint64(deadline));
        vm.warp(claimAt);

        if (claimAt > deadline) {
            vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeVoucherExpired.selector, deadline));
        }
        vm.prank(bob);
        envelopes.claim(id, uint64(deadline), voucher);
    }

    function testFuzz_voucher_fromAnyOtherKeyIsRejected(uint256 privateKey) external {
        privateKey = bound(privateKey, 1, SECP256K1_ORDER - 1);
        if (privateKey == gatekeeperPk) privateKey = privateKey == 1 ? 2 : privateKey - 1;
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory forged = _sign(privateKey, envelopes.voucherDigest(id, bob, deadline));

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, bob));
        envelopes.claim(id, deadline, forged);
    }
}

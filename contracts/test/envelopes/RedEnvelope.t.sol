// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {RedEnvelope} from "../../src/envelopes/RedEnvelope.sol";
import {RedEnvelopeTestBase} from "./RedEnvelopeTestBase.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.sol";

/// The constructor, the parameters and their owner, the governance timelock.
contract RedEnvelopeParametersTest is RedEnvelopeTestBase {
    function test_constructor_setsParametersOwnerAndForwarder() external view {
        assertEq(envelopes.maxShares(), MAX_SHARES, "maxShares");
        assertEq(envelopes.minShare(), MIN_SHARE, "minShare");
        assertEq(envelopes.owner(), address(timelock), "owner");
        assertTrue(envelopes.isTrustedForwarder(address(forwarder)), "forwarder");
        assertEq(envelopes.envelopeCount(), 0, "no envelope yet");
        assertEq(envelopes.MAX_LIFETIME(), 30 days, "lifetime");
    }

    function test_constructor_emitsTheInitialParameters() external {
        vm.expectEmit();
        emit IRedEnvelope.MaxSharesChanged(0, MAX_SHARES);
        vm.expectEmit();
        emit IRedEnvelope.MinShareChanged(0, MIN_SHARE);
        _newEnvelopes();
    }

    function test_RevertWhen_constructor_maxSharesIsZero() external {
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidParameter.selector));
        new RedEnvelope(address(timelock), address(forwarder), 0, MIN_SHARE);
    }

    function test_RevertWhen_constructor_minShareIsZero() external {
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidParameter.selector));
        new RedEnvelope(address(timelock), address(forwarder), MAX_SHARES, 0);
    }

    function test_RevertWhen_constructor_ownerIsZero() external {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new RedEnvelope(address(0), address(forwarder), MAX_SHARES, MIN_SHARE);
    }

    function test_setMaxShares_changesTheLimitOfNewEnvelopes() external {
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.MaxSharesChanged(MAX_SHARES, 5);
        vm.prank(address(timelock));
        envelopes.setMaxShares(5);

        assertEq(envelopes.maxShares(), 5);
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeTooManyShares.selector, 6, 5));
        envelopes.create(coin, TOTAL, 6, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_setMaxShares_callerIsNotTheTimelock() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        envelopes.setMaxShares(5);
    }

    function test_RevertWhen_setMaxShares_zero() external {
        vm.prank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidParameter.selector));
        envelopes.setMaxShares(0);
    }

    function test_setMinShare_changesTheMinimumOfNewEnvelopesOnly() external {
        uint256 open = _create(RANDOM);

        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.MinShareChanged(MIN_SHARE, 1 ether);
        vm.prank(address(timelock));
        envelopes.setMinShare(1 ether);

        assertEq(envelopes.minShare(), 1 ether, "new minimum");
        assertEq(envelopes.envelope(open).minShare, MIN_SHARE, "open envelopes keep their snapshot");
        uint256 later = _create(RANDOM);
        assertEq(envelopes.envelope(later).minShare, 1 ether, "new envelopes take the new minimum");
        // The open envelope still splits by its own minimum: 10 shares of 0.01 fit where 1 ether each would not.
        vm.prank(address(timelock));
        envelopes.setMinShare(50 ether);
        assertEq(_claimAll(open), TOTAL, "the open envelope still pays out in full");
    }

    function test_RevertWhen_setMinShare_callerIsNotTheTimelock() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        envelopes.setMinShare(1 ether);
    }

    function test_RevertWhen_setMinShare_zero() external {
        vm.prank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidParameter.selector));
        envelopes.setMinShare(0);
    }

    /// propose → vote → queue → wait → execute, on the real Governor and Timelock.
    function test_setMinShare_throughGovernance() external {
        vm.prank(alice);
        coin.delegate(alice);
        vm.warp(block.timestamp + 1);

        address[] memory targets = new address[](1);
        targets[0] = address(envelopes);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(IRedEnvelope.setMinShare, (0.5 ether));
        string memory description = "Raise the minimum red envelope share to 0.5 CHAT";

        vm.prank(alice);
        uint256 proposalId = governor.propose(targets, values, calldatas, description);
        skip(VOTING_DELAY + 1);
        vm.prank(alice);
        governor.castVote(proposalId, 1); // for
        skip(VOTING_PERIOD + 1);
        governor.queue(targets, values, calldatas, keccak256(bytes(description)));
        skip(TIMELOCK_DELAY + 1);
        governor.execute(targets, values, calldatas, keccak256(bytes(description)));

        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed), "executed");
        assertEq(envelopes.minShare(), 0.5 ether, "minShare");
    }
}

contract RedEnvelopeCreateTest is RedEnvelopeTestBase {
    function test_create_locksTheTotalAndStoresTheEnvelope() external {
        uint256 aliceBefore = coin.balanceOf(alice);
        uint64 expiresAt = _expiry();

        vm.prank(alice);
        uint256 id = envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);

        assertEq(id, 1, "ids count from 1");
        assertEq(envelopes.envelopeCount(), 1, "count");
        assertEq(coin.balanceOf(alice), aliceBefore - TOTAL, "pulled from the creator");
        assertEq(coin.balanceOf(address(envelopes)), TOTAL, "locked");
        _assertEnvelope(id, alice, TOTAL, SHARES, RANDOM, expiresAt);
    }

    function test_create_countsIdsUp() external {
        assertEq(_create(RANDOM), 1);
        assertEq(_create(bob, TOTAL, 1, EQUAL), 2);
        assertEq(_create(carol, TOTAL, MAX_SHARES, RANDOM), 3);
        assertEq(envelopes.envelopeCount(), 3);
    }

    function test_create_emitsEnvelopeCreated() external {
        uint64 expiresAt = _expiry();
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeCreated(1, alice, coin, TOTAL, SHARES, EQUAL, expiresAt, gatekeeper, CHAT_REF);
        vm.prank(alice);
        envelopes.create(coin, TOTAL, SHARES, EQUAL, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_create_acceptsTheBoundaries() external {
        uint64 latest = uint64(block.timestamp) + 30 days;
        vm.prank(alice);
        uint256 id = envelopes.create(coin, MAX_SHARES * MIN_SHARE, MAX_SHARES, RANDOM, latest, gatekeeper, CHAT_REF);
        _assertEnvelope(id, alice, MAX_SHARES * MIN_SHARE, MAX_SHARES, RANDOM, latest);

        uint64 soonest = uint64(block.timestamp) + 1;
        vm.prank(alice);
        id = envelopes.create(coin, MIN_SHARE, 1, EQUAL, soonest, gatekeeper, CHAT_REF);
        _assertEnvelope(id, alice, MIN_SHARE, 1, EQUAL, soonest);
    }

    function test_RevertWhen_create_zeroShares() external {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeZeroShares.selector));
        envelopes.create(coin, TOTAL, 0, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_tooManyShares() external {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeTooManyShares.selector, MAX_SHARES + 1, MAX_SHARES)
        );
        envelopes.create(coin, 1_000 ether, MAX_SHARES + 1, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_totalBelowSharesTimesMinShare() external {
        uint64 expiresAt = _expiry();
        uint256 minimum = SHARES * MIN_SHARE;
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeTotalBelowMinimum.selector, minimum - 1, minimum)
        );
        envelopes.create(coin, uint128(minimum - 1), SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function testFuzz_RevertWhen_create_totalAbove112Bits(uint256 total) external {
        total = bound(total, uint256(type(uint112).max) + 1, type(uint128).max);
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeTotalTooLarge.selector, total, type(uint112).max)
        );
        envelopes.create(coin, uint128(total), SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_expiryIsNow() external {
        uint64 expiresAt = uint64(block.timestamp);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpiryInPast.selector, expiresAt, block.timestamp)
        );
        envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_expiryIsInThePast() external {
        uint64 expiresAt = uint64(block.timestamp) - 1;
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpiryInPast.selector, expiresAt, block.timestamp)
        );
        envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_expiryIsMoreThan30DaysAhead() external {
        uint256 latest = block.timestamp + 30 days;
        uint64 expiresAt = uint64(latest + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpiryTooFar.selector, expiresAt, latest));
        envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_zeroGatekeeper() external {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeZeroGatekeeper.selector));
        envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, address(0), CHAT_REF);
    }

    function test_RevertWhen_create_tokenTakesAFee() external {
        FeeOnTransferToken feeToken = new FeeOnTransferToken();
        feeToken.mint(alice, TOTAL);
        vm.prank(alice);
        feeToken.approve(address(envelopes), TOTAL);
        uint64 expiresAt = _expiry();

        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRedEnvelope.RedEnvelopeUnsupportedToken.selector, feeToken, TOTAL, TOTAL - TOTAL / 100
            )
        );
        envelopes.create(feeToken, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_tokenIsNotAContract() external {
        uint64 expiresAt = _expiry();
        bytes memory call = abi.encodeCall(
            IRedEnvelope.create, (IERC20(makeAddr("no code")), TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF)
        );
        vm.prank(alice);
        (bool ok, bytes memory reason) = address(envelopes).call(call);
        assertFalse(ok, "refused");
        assertEq(reason.length, 0, "the balance query of a codeless token has nothing to decode");
    }

    function test_RevertWhen_create_modeIsOutOfRange() external {
        uint64 expiresAt = _expiry();
        bytes memory call =
            abi.encodeCall(IRedEnvelope.create, (coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF));
        call[4 + 3 * 32 + 31] = bytes1(uint8(3)); // the fourth word is the mode
        vm.prank(alice);
        (bool ok, bytes memory reason) = address(envelopes).call(call);
        assertFalse(ok, "refused by the ABI decoder");
        assertEq(reason.length, 0);
    }

    function test_RevertWhen_create_allowanceIsTooLow() external {
        vm.prank(alice);
        coin.approve(address(envelopes), TOTAL - 1);
        uint64 expiresAt = _expiry();

        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(envelopes), TOTAL - 1, TOTAL
            )
        );
        envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_RevertWhen_create_balanceIsTooLow() external {
        address poor = makeAddr("poor");
        _approveEnvelopes(poor);
        uint64 expiresAt = _expiry();

        vm.prank(poor);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, poor, 0, TOTAL));
        envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
    }
}

contract RedEnvelopeCreateWithPermitTest is RedEnvelopeTestBase {
    address internal dave;
    uint256 internal davePk;

    function setUp() public override {
        super.setUp();
        (dave, davePk) = makeAddrAndKey("dave"); // holds coins but never approved the envelope contract
        vm.prank(alice);
        assertTrue(coin.transfer(dave, 1_000 ether));
    }

    function test_createWithPermit_createsWithoutAPriorApproval() external {
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(davePk, TOTAL, permitDeadline);
        uint64 expiresAt = _expiry();

        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeCreated(1, dave, coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
        vm.prank(dave);
        uint256 id = envelopes.createWithPermit(
            coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF, permitDeadline, v, r, s
        );

        _assertEnvelope(id, dave, TOTAL, SHARES, RANDOM, expiresAt);
        assertEq(coin.balanceOf(dave), 1_000 ether - TOTAL, "pulled");
        assertEq(coin.allowance(dave, address(envelopes)), 0, "the permit's allowance is used up");
        assertEq(coin.nonces(dave), 1, "permit nonce used");
    }

    function test_createWithPermit_toleratesAFrontRunPermit() external {
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(davePk, TOTAL, permitDeadline);
        vm.prank(bob); // someone copies the permit from the mempool and submits it first
        coin.permit(dave, address(envelopes), TOTAL, permitDeadline, v, r, s);
        uint64 expiresAt = _expiry();

        vm.prank(dave);
        uint256 id = envelopes.createWithPermit(
            coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF, permitDeadline, v, r, s
        );

        _assertEnvelope(id, dave, TOTAL, SHARES, RANDOM, expiresAt);
    }

    function test_RevertWhen_createWithPermit_permitIsInvalidAndNoAllowance() external {
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(carolPk, TOTAL, permitDeadline); // carol's, not dave's
        uint64 expiresAt = _expiry();

        vm.prank(dave);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(envelopes), 0, TOTAL)
        );
        envelopes.createWithPermit(
            coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF, permitDeadline, v, r, s
        );
    }

    function test_RevertWhen_createWithPermit_parametersAreInvalid() external {
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(davePk, TOTAL, permitDeadline);
        uint64 expiresAt = _expiry();

        vm.prank(dave);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeZeroGatekeeper.selector));
        envelopes.createWithPermit(
            coin, TOTAL, SHARES, RANDOM, expiresAt, address(0), CHAT_REF, permitDeadline, v, r, s
        );
    }
}

/// Claim paths around the tree of claim.tree: boundaries, independence of envelopes, reentrancy.
contract RedEnvelopeClaimEdgesTest is RedEnvelopeTestBase {
    function test_claim_acceptsTheLastSecondOfTheEnvelope() external {
        uint256 id = _create(EQUAL);
        vm.warp(envelopes.envelope(id).expiresAt);
        assertEq(_claim(id, bob), TOTAL / SHARES);
    }

    function test_claim_acceptsAVoucherOnItsDeadline() external {
        uint256 id = _create(EQUAL);
        uint64 deadline = uint64(block.timestamp);
        bytes memory voucher = _voucher(id, bob, deadline);
        vm.prank(bob);
        assertEq(envelopes.claim(id, deadline, voucher), TOTAL / SHARES);
    }

    function test_claim_singleSharePaysTheTotal() external {
        uint256 id = _create(alice, TOTAL, 1, RANDOM);
        assertEq(_claim(id, bob), TOTAL);
    }

    function test_claim_marksTheClaimerInThatEnvelopeOnly() external {
        uint256 first = _create(RANDOM);
        uint256 second = _create(RANDOM);
        _claim(first, bob);
        assertTrue(envelopes.hasClaimed(first, bob));
        assertFalse(envelopes.hasClaimed(second, bob));
        _claim(second, bob); // one claim per address and envelope, not per address
        assertTrue(envelopes.hasClaimed(second, bob));
    }

    function test_claim_randomSharesOfAFullEnvelopeSumToTheTotal() external {
        uint256 id = _create(alice, 1_000 ether, MAX_SHARES, RANDOM);
        uint256 sum;
        for (uint256 i = 0; i < MAX_SHARES; ++i) {
            vm.prevrandao(bytes32(i));
            uint256 share = _claim(id, _member(i));
            assertGe(share, MIN_SHARE, "at least minShare");
            sum += share;
        }
        assertEq(sum, 1_000 ether, "sum");
        assertEq(coin.balanceOf(address(envelopes)), 0, "nothing left");
    }

    function test_RevertWhen_claim_tokenReentersRefund() external {
        ReentrantToken token = new ReentrantToken();
        token.mint(alice, TOTAL);
        vm.prank(alice);
        token.approve(address(envelopes), TOTAL);
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        uint256 id = envelopes.create(token, TOTAL, SHARES, EQUAL, expiresAt, gatekeeper, CHAT_REF);
        token.setCallback(address(envelopes), abi.encodeCall(IRedEnvelope.refund, (id)));
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, bob, deadline);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
        envelopes.claim(id, deadline, voucher);
    }
}

contract RedEnvelopeRefundTest is RedEnvelopeTestBase {
    function test_refund_returnsTheRemainderToTheCreator() external {
        uint256 id = _create(RANDOM);
        uint256 claimed = _claim(id, _member(1)) + _claim(id, _member(2)) + _claim(id, _member(3));
        uint256 remainder = TOTAL - claimed;
        uint256 aliceBefore = coin.balanceOf(alice);
        vm.warp(envelopes.envelope(id).expiresAt + 1);

        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeRefunded(id, alice, remainder);
        vm.prank(bob); // anyone may trigger it; the coins go to the creator
        uint256 amount = envelopes.refund(id);

        assertEq(amount, remainder, "amount");
        assertEq(coin.balanceOf(alice), aliceBefore + remainder, "back to the creator");
        assertEq(coin.balanceOf(address(envelopes)), 0, "nothing locked");
        IRedEnvelope.Envelope memory e = envelopes.envelope(id);
        assertEq(e.remaining, 0, "remaining");
        assertEq(e.sharesLeft, SHARES - 3, "sharesLeft keeps the unclaimed shares");
    }

    function test_refund_returnsTheTotalWhenNobodyClaimed() external {
        uint256 id = _create(EQUAL);
        vm.warp(envelopes.envelope(id).expiresAt + 1);
        assertEq(envelopes.refund(id), TOTAL);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE);
    }

    function test_refund_leavesOtherEnvelopesLocked() external {
        uint256 first = _create(RANDOM);
        skip(1 hours);
        uint256 second = _create(bob, TOTAL, SHARES, EQUAL);
        vm.warp(envelopes.envelope(first).expiresAt + 1);
        envelopes.refund(first);
        assertEq(coin.balanceOf(address(envelopes)), TOTAL, "the second envelope is untouched");
        assertEq(_claim(second, carol), TOTAL / SHARES);
    }

    function test_RevertWhen_refund_theEnvelopeDoesNotExist() external {
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotFound.selector, 0));
        envelopes.refund(0);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotFound.selector, 1));
        envelopes.refund(1);
    }

    function test_RevertWhen_refund_theEnvelopeHasNotExpired() external {
        uint256 id = _create(RANDOM);
        uint64 expiresAt = envelopes.envelope(id).expiresAt;
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotExpired.selector, id, expiresAt));
        envelopes.refund(id);

        vm.warp(expiresAt); // its last second still belongs to claimers
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotExpired.selector, id, expiresAt));
        envelopes.refund(id);
    }

    function test_RevertWhen_refund_everyShareWasClaimed() external {
        uint256 id = _create(RANDOM);
        _claimAll(id);
        vm.warp(envelopes.envelope(id).expiresAt + 1);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNothingToRefund.selector, id));
        envelopes.refund(id);
    }

    function test_RevertWhen_refund_alreadyRefunded() external {
        uint256 id = _create(RANDOM);
        vm.warp(envelopes.envelope(id).expiresAt + 1);
        envelopes.refund(id);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNothingToRefund.selector, id));
        envelopes.refund(id);
    }
}

contract RedEnvelopeViewsTest is RedEnvelopeTestBase {
    function test_envelope_isAllZeroForAnUnknownId() external view {
        IRedEnvelope.Envelope memory e = envelopes.envelope(42);
        assertEq(e.creator, address(0));
        assertEq(e.total, 0);
        assertEq(e.sharesLeft, 0);
    }

    function test_hasClaimed_turnsTrueOnClaim() external {
        uint256 id = _create(EQUAL);
        assertFalse(envelopes.hasClaimed(id, bob));
        _claim(id, bob);
        assertTrue(envelopes.hasClaimed(id, bob));
    }

    function test_voucherDigest_isTheEip712DigestOfClaimVoucher() external view {
        assertEq(
            envelopes.voucherDigest(7, bob, 1_800_000_000),
            _expectedVoucherDigest(address(envelopes), 7, bob, 1_800_000_000)
        );
    }

    function test_eip712Domain_isRedEnvelopeVersion1() external view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            envelopes.eip712Domain();
        assertEq(name, "RedEnvelope");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(envelopes));
    }
}

/// ERC-2771: members without ETH sign requests that the service's relayer submits to the trusted forwarder.
contract RedEnvelopeRelayedTest is RedEnvelopeTestBase {
    function test_claim_relayedThroughTheForwarder_paysTheSigner() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, carol, deadline);
        ERC2771Forwarder.ForwardRequestData memory request =
            _forwardRequest(carolPk, address(envelopes), abi.encodeCall(IRedEnvelope.claim, (id, deadline, voucher)));
        uint256 carolBefore = coin.balanceOf(carol);

        vm.expectEmit(true, true, false, false, address(envelopes));
        emit IRedEnvelope.EnvelopeClaimed(id, carol, 0);
        vm.prank(relayer, relayer); // the relayer sends, and pays for, the transaction
        forwarder.execute(request);

        assertTrue(envelopes.hasClaimed(id, carol), "the signer claimed");
        assertFalse(envelopes.hasClaimed(id, relayer), "not the relayer");
        assertGt(coin.balanceOf(carol), carolBefore, "paid to the signer");
        assertEq(coin.balanceOf(relayer), 0, "nothing to the relayer");
        assertEq(carol.balance, 0, "the claimer holds no ETH");
        assertEq(forwarder.nonces(carol), 1, "request nonce used");
    }

    function test_createWithPermit_relayedThroughTheForwarder_isFullyGasless() external {
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(carolPk, TOTAL, permitDeadline);
        vm.prank(carol);
        coin.approve(address(envelopes), 0); // only the permit gives the allowance
        uint64 expiresAt = _expiry();
        bytes memory call = abi.encodeCall(
            IRedEnvelope.createWithPermit,
            (coin, TOTAL, SHARES, EQUAL, expiresAt, gatekeeper, CHAT_REF, permitDeadline, v, r, s)
        );
        ERC2771Forwarder.ForwardRequestData memory request = _forwardRequest(carolPk, address(envelopes), call);

        vm.prank(relayer, relayer);
        forwarder.execute(request);

        _assertEnvelope(1, carol, TOTAL, SHARES, EQUAL, expiresAt);
        assertEq(coin.balanceOf(carol), INITIAL_BALANCE - TOTAL, "pulled from the signer");
    }

    function test_refund_relayedThroughTheForwarder_paysTheCreator() external {
        uint256 id = _create(EQUAL);
        vm.warp(envelopes.envelope(id).expiresAt + 1);
        ERC2771Forwarder.ForwardRequestData memory request =
            _forwardRequest(bobPk, address(envelopes), abi.encodeCall(IRedEnvelope.refund, (id)));

        vm.prank(relayer, relayer);
        forwarder.execute(request);

        assertEq(coin.balanceOf(alice), INITIAL_BALANCE, "back to the creator");
    }

    function test_claim_fromAnUntrustedCaller_ignoresAnAppendedAddress() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucherOfCarol = _voucher(id, carol, deadline);
        // bob appends carol's address the way the forwarder would; only the trusted forwarder is believed
        bytes memory spoofed =
            abi.encodePacked(abi.encodeCall(IRedEnvelope.claim, (id, deadline, voucherOfCarol)), carol);

        vm.prank(bob);
        (bool ok, bytes memory reason) = address(envelopes).call(spoofed);

        assertFalse(ok, "refused");
        assertEq(reason, abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, bob));
    }
}

/// Gas of the paths the service pays for most often; refreshed with
/// `FORGE_SNAPSHOT_CHECK=false forge test --isolate`, checked in CI with `FORGE_SNAPSHOT_CHECK=true`.
/// Steady state: the envelope contract already holds coins, and claimers are fresh members holding nothing.
contract RedEnvelopeGasTest is RedEnvelopeTestBase {
    uint256 internal randomId;
    uint256 internal equalId;

    function setUp() public override {
        super.setUp();
        randomId = _create(bob, TOTAL, SHARES, RANDOM);
        equalId = _create(bob, TOTAL, SHARES, EQUAL);
        _claim(randomId, _member(100));
        _claim(equalId, _member(100));
    }

    function test_create_gas() external {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        envelopes.create(coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF);
        vm.snapshotGasLastCall("RedEnvelope", "create");
    }

    function test_createWithPermit_gas() external {
        vm.prank(alice);
        coin.approve(address(envelopes), 0);
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(alicePk, TOTAL, permitDeadline);
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        envelopes.createWithPermit(
            coin, TOTAL, SHARES, RANDOM, expiresAt, gatekeeper, CHAT_REF, permitDeadline, v, r, s
        );
        vm.snapshotGasLastCall("RedEnvelope", "createWithPermit");
    }

    function test_claim_random_gas() external {
        uint64 deadline = _deadline();
        address member = _member(1);
        bytes memory voucher = _voucher(randomId, member, deadline);
        vm.prank(member);
        envelopes.claim(randomId, deadline, voucher);
        vm.snapshotGasLastCall("RedEnvelope", "claim_random");
    }

    function test_claim_equal_gas() external {
        uint64 deadline = _deadline();
        address member = _member(1);
        bytes memory voucher = _voucher(equalId, member, deadline);
        vm.prank(member);
        envelopes.claim(equalId, deadline, voucher);
        vm.snapshotGasLastCall("RedEnvelope", "claim_equal");
    }

    function test_refund_gas() external {
        vm.warp(envelopes.envelope(randomId).expiresAt + 1);
        envelopes.refund(randomId);
        vm.snapshotGasLastCall("RedEnvelope", "refund");
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRedEnvelope} from "../../../src/envelopes/IRedEnvelope.sol";

/// Drives RedEnvelope the way chat members do: bounded creates, vouched claims, refunds and the passing of
/// time, from a fixed set of actors. Every call it makes is one that must succeed (or, for a second claim by
/// the same member, must fail with RedEnvelopeAlreadyClaimed, and for a voucher made for something else, with
/// RedEnvelopeInvalidVoucher); anything else counts in `reverts`, which the invariant suite requires to stay 0.
/// Ghost books record what each call returned; a foreign voucher that pays counts in `foreignVouchersAccepted`.
contract RedEnvelopeHandler is CommonBase, StdUtils {
    uint256 internal constant MAX_SHARES_PER_ENVELOPE = 8; // small, so that envelopes empty within a run
    uint256 internal constant MAX_TOTAL = 1_000 ether;
    uint256 internal constant RECENT = 3; // claims go to the latest envelopes, so members meet again and again

    IRedEnvelope internal immutable _envelopes;
    IRedEnvelope internal immutable _twin; // another deployment, for vouchers made for another contract
    IERC20 internal immutable _coin;
    uint256 internal immutable _gatekeeperPk;
    address internal immutable _gatekeeper;
    address[] internal _creators; // hold coins and approved the envelope contract
    address[] internal _members; // every actor that claims or triggers refunds

    struct Claim {
        uint256 id;
        address member;
    }

    Claim[] internal _claims; // every (envelope, member) pair that claimed, for `claimAgain`

    /// What a foreign voucher was made for instead of the claim it is presented with.
    enum Foreign {
        Claimer, // another claimer
        Envelope, // another envelope id
        Chain, // another chain id
        Contract, // another RedEnvelope deployment
        Signer // the right claim, signed by a key other than the gatekeeper's
    }

    uint256 public reverts;
    mapping(uint256 id => uint256) public claimedSum;
    mapping(uint256 id => uint256) public refundedSum;
    mapping(uint256 id => mapping(address member => uint256)) public claimsBy;
    mapping(bytes32 call => uint256) public succeeded;
    mapping(Foreign kind => uint256) public foreignVouchersRefused;
    uint256 public foreignVouchersAccepted;
    uint256 public foreignVouchersPaid; // what claimers received against foreign vouchers

    constructor(
        IRedEnvelope envelopes_,
        IRedEnvelope twin_,
        IERC20 coin_,
        uint256 gatekeeperPk_,
        address[] memory creators_,
        address[] memory members_
    ) {
        _envelopes = envelopes_;
        _twin = twin_;
        _coin = coin_;
        _gatekeeperPk = gatekeeperPk_;
        _gatekeeper = vm.addr(gatekeeperPk_);
        _creators = creators_;
        _members = members_;
    }

    function create(uint256 creatorSeed, uint256 total, uint256 shares, bool equal, uint256 lifetime) external {
        address creator = _creators[creatorSeed % _creators.length];
        shares = _bound(shares, 1, MAX_SHARES_PER_ENVELOPE);
        total = _bound(total, shares * _envelopes.minShare(), MAX_TOTAL);
        lifetime = _bound(lifetime, 1, 30 days);
        IRedEnvelope.SplitMode mode = equal ? IRedEnvelope.SplitMode.Equal : IRedEnvelope.SplitMode.Random;

        vm.prank(creator);
        try _envelopes.create(
            _coin, uint128(total), uint32(shares), mode, uint64(block.timestamp + lifetime), _gatekeeper, bytes32(0)
        ) {
            succeeded["create"]++;
        } catch {
            reverts++;
        }
    }

    function claim(uint256 idSeed, uint256 memberSeed, uint256 prevrandao) external {
        uint256 count = _envelopes.envelopeCount();
        if (count == 0) return;
        uint256 id = count - idSeed % (count < RECENT ? count : RECENT); // recent envelopes are the open ones
        _claim(id, _members[memberSeed % _members.length], prevrandao);
    }

    /// A member who already claimed from an envelope tries again.
    function claimAgain(uint256 claimSeed, uint256 prevrandao) external {
        if (_claims.length == 0) return;
        Claim memory c = _claims[claimSeed % _claims.length];
        _claim(c.id, c.member, prevrandao);
    }

    function refund(uint256 idSeed, uint256 memberSeed) external {
        uint256 count = _envelopes.envelopeCount();
        if (count == 0) return;
        uint256 id = 1 + idSeed % count;
        IRedEnvelope.Envelope memory e = _envelopes.envelope(id);
        if (block.timestamp <= e.expiresAt || e.remaining == 0) return; // open, or nothing to give back

        vm.prank(_members[memberSeed % _members.length]); // anyone may trigger a refund
        try _envelopes.refund(id) returns (uint256 amount) {
            refundedSum[id] += amount;
            succeeded["refund"]++;
        } catch {
            reverts++;
        }
    }

    /// A member who may still claim from an open envelope presents a voucher made for something else (see
    /// `Foreign`). The voucher check is the only one left to fail, so the call must fail with
    /// RedEnvelopeInvalidVoucher; if it pays instead, the payout is booked like any claim (so the other
    /// invariants keep checking the books) and counted in `foreignVouchersAccepted`.
    function claimWithForeignVoucher(uint256 idSeed, uint256 memberSeed, uint256 otherSeed, uint256 kind) external {
        uint256 count = _envelopes.envelopeCount();
        if (count == 0) return;
        uint256 id = count - idSeed % (count < RECENT ? count : RECENT); // recent envelopes are the open ones
        IRedEnvelope.Envelope memory e = _envelopes.envelope(id);
        if (e.sharesLeft == 0 || block.timestamp > e.expiresAt) return; // closed: refused before the voucher check
        (bool found, uint256 index) = _unclaimedMember(id, memberSeed);
        if (!found) return; // everyone claimed: refused before the voucher check
        address member = _members[index];
        uint64 deadline = uint64(block.timestamp);
        Foreign foreign = Foreign(kind % (uint256(type(Foreign).max) + 1));
        bytes memory voucher = _foreignVoucher(foreign, id, index, deadline, otherSeed);

        uint256 balanceBefore = _coin.balanceOf(member);
        vm.prank(member);
        try _envelopes.claim(id, deadline, voucher) returns (uint256 share) {
            foreignVouchersAccepted++;
            foreignVouchersPaid += _coin.balanceOf(member) - balanceBefore;
            _claims.push(Claim(id, member));
            claimsBy[id][member]++;
            claimedSum[id] += share;
        } catch (bytes memory reason) {
            bool refused = keccak256(reason)
                == keccak256(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, member));
            if (refused) foreignVouchersRefused[foreign]++;
            else reverts++;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 2 days));
    }

    function members() external view returns (address[] memory) {
        return _members;
    }

    /// The first member, from `memberSeed` on, who has not claimed from envelope `id`.
    function _unclaimedMember(uint256 id, uint256 memberSeed) internal view returns (bool found, uint256 index) {
        uint256 n = _members.length;
        for (uint256 i = 0; i < n; ++i) {
            index = (memberSeed % n + i) % n;
            if (!_envelopes.hasClaimed(id, _members[index])) return (true, index);
        }
    }

    /// A voucher made for something else (`foreign`) than member `index` claiming from envelope `id` here until
    /// `deadline`. Chain and contract digests come from RedEnvelope's own code run on the other chain or at the
    /// other address, so a domain that leaves out the chain id or the contract shows up as an accepted voucher.
    function _foreignVoucher(Foreign foreign, uint256 id, uint256 index, uint64 deadline, uint256 otherSeed)
        internal
        returns (bytes memory)
    {
        address member = _members[index];
        uint256 signerPk = _gatekeeperPk;
        bytes32 digest;
        if (foreign == Foreign.Claimer) {
            address other = _members[(index + 1 + otherSeed % (_members.length - 1)) % _members.length];
            digest = _envelopes.voucherDigest(id, other, deadline);
        } else if (foreign == Foreign.Envelope) {
            uint256 otherId = otherSeed % (_envelopes.envelopeCount() + 2);
            if (otherId >= id) ++otherId; // any id from 0 to count + 2 but `id`, existing or not
            digest = _envelopes.voucherDigest(otherId, member, deadline);
        } else if (foreign == Foreign.Chain) {
            uint256 chainId = block.chainid;
            uint256 otherChain = _bound(otherSeed, 1, type(uint64).max - 1);
            if (otherChain >= chainId) ++otherChain;
            vm.chainId(otherChain);
            digest = _envelopes.voucherDigest(id, member, deadline);
            vm.chainId(chainId);
        } else if (foreign == Foreign.Contract) {
            digest = _twin.voucherDigest(id, member, deadline);
        } else {
            signerPk = _bound(otherSeed, 1, SECP256K1_ORDER - 2);
            if (signerPk >= _gatekeeperPk) ++signerPk;
            digest = _envelopes.voucherDigest(id, member, deadline);
        }
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerPk, digest);
        return abi.encodePacked(r, s, v);
    }

    function _claim(uint256 id, address member, uint256 prevrandao) internal {
        IRedEnvelope.Envelope memory e = _envelopes.envelope(id);
        if (e.sharesLeft == 0 || block.timestamp > e.expiresAt) return; // closed: no vouched claim is possible
        uint64 deadline = uint64(block.timestamp);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_gatekeeperPk, _envelopes.voucherDigest(id, member, deadline));
        vm.prevrandao(prevrandao);

        vm.prank(member);
        try _envelopes.claim(id, deadline, abi.encodePacked(r, s, v)) returns (uint256 share) {
            if (claimsBy[id][member] == 0) _claims.push(Claim(id, member));
            claimsBy[id][member]++;
            claimedSum[id] += share;
            succeeded["claim"]++;
        } catch (bytes memory reason) {
            bool repeated = claimsBy[id][member] > 0
                && keccak256(reason)
                    == keccak256(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeAlreadyClaimed.selector, id, member));
            if (repeated) succeeded["repeatedClaimRefused"]++;
            else reverts++;
        }
    }
}

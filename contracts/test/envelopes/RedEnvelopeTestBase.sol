// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {RedEnvelope} from "../../src/envelopes/RedEnvelope.sol";

/// Envelope-shaped helpers on top of the system fixture: creators have approved the envelope contract, and
/// vouchers, permits and ERC-2771 requests are signed the way the service and the web client sign them.
abstract contract RedEnvelopeTestBase is Fixture {
    uint128 internal constant TOTAL = 100 ether;
    uint32 internal constant SHARES = 10;
    uint64 internal constant LIFETIME = 1 days;
    bytes32 internal constant CHAT_REF = keccak256("chat 7, message 42");

    IRedEnvelope.SplitMode internal constant RANDOM = IRedEnvelope.SplitMode.Random;
    IRedEnvelope.SplitMode internal constant EQUAL = IRedEnvelope.SplitMode.Equal;

    // EIP-712 type strings, written out here rather than read from the contracts under test.
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant CLAIM_VOUCHER_TYPEHASH =
        keccak256("ClaimVoucher(uint256 envelopeId,address claimer,uint64 deadline)");
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 internal constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );

    function setUp() public virtual override {
        super.setUp();
        _approveEnvelopes(alice);
        _approveEnvelopes(bob);
        _approveEnvelopes(carol);
    }

    function _approveEnvelopes(address holder) internal {
        vm.prank(holder);
        coin.approve(address(envelopes), type(uint256).max);
    }

    function _create(IRedEnvelope.SplitMode mode) internal returns (uint256) {
        return _create(alice, TOTAL, SHARES, mode);
    }

    function _create(address creator, uint128 total, uint32 shares, IRedEnvelope.SplitMode mode)
        internal
        returns (uint256 id)
    {
        uint64 expiresAt = _expiry();
        vm.prank(creator);
        id = envelopes.create(coin, total, shares, mode, expiresAt, gatekeeper, CHAT_REF);
    }

    function _expiry() internal view returns (uint64) {
        return uint64(block.timestamp) + LIFETIME;
    }

    function _deadline() internal view returns (uint64) {
        return uint64(block.timestamp) + 10 minutes;
    }

    /// A member's address: fresh, holding nothing.
    function _member(uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("member", i)))));
    }

    function _voucher(uint256 id, address claimer, uint64 deadline) internal view returns (bytes memory) {
        return _sign(gatekeeperPk, envelopes.voucherDigest(id, claimer, deadline));
    }

    function _claim(uint256 id, address claimer) internal returns (uint256 share) {
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);
        vm.prank(claimer);
        share = envelopes.claim(id, deadline, voucher);
    }

    function _claimAll(uint256 id) internal returns (uint256 sum) {
        uint32 left = envelopes.envelope(id).sharesLeft;
        for (uint256 i = 0; i < left; ++i) {
            sum += _claim(id, _member(i));
        }
    }

    function _sign(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }

    /// The EIP-712 digest of a voucher computed from the spec, independently of `voucherDigest`.
    function _expectedVoucherDigest(address verifyingContract, uint256 id, address claimer, uint64 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 domain = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("RedEnvelope"), keccak256("1"), block.chainid, verifyingContract)
        );
        return
            MessageHashUtils.toTypedDataHash(
                domain, keccak256(abi.encode(CLAIM_VOUCHER_TYPEHASH, id, claimer, deadline))
            );
    }

    /// An EIP-2612 permit of `owner` letting the envelope contract spend `value` of ChatCoin.
    function _permit(uint256 ownerPk, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        address owner = vm.addr(ownerPk);
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(envelopes), value, coin.nonces(owner), deadline));
        (v, r, s) = vm.sign(ownerPk, MessageHashUtils.toTypedDataHash(coin.DOMAIN_SEPARATOR(), structHash));
    }

    /// An ERC-2771 request that `signerPk` signs for the relayer to submit to the OZ forwarder.
    function _forwardRequest(uint256 signerPk, address to, bytes memory data)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory request)
    {
        address from = vm.addr(signerPk);
        request = ERC2771Forwarder.ForwardRequestData({
            from: from,
            to: to,
            value: 0,
            gas: 400_000,
            deadline: uint48(block.timestamp + 10 minutes),
            data: data,
            signature: ""
        });
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH,
                from,
                to,
                request.value,
                request.gas,
                forwarder.nonces(from),
                request.deadline,
                keccak256(data)
            )
        );
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            forwarder.eip712Domain();
        bytes32 domain = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256(bytes(version)), chainId, verifyingContract)
        );
        request.signature = _sign(signerPk, MessageHashUtils.toTypedDataHash(domain, structHash));
    }

    function _assertEnvelope(
        uint256 id,
        address creator,
        uint128 total,
        uint32 shares,
        IRedEnvelope.SplitMode mode,
        uint64 expiresAt
    ) internal view {
        IRedEnvelope.Envelope memory e = envelopes.envelope(id);
        assertEq(e.creator, creator, "creator");
        assertEq(e.expiresAt, expiresAt, "expiresAt");
        assertEq(e.shares, shares, "shares");
        assertEq(e.sharesLeft, shares, "sharesLeft");
        assertEq(uint8(e.mode), uint8(mode), "mode");
        assertEq(address(e.token), address(coin), "token");
        assertEq(e.gatekeeper, gatekeeper, "gatekeeper");
        assertEq(e.minShare, MIN_SHARE, "minShare");
        assertEq(e.total, total, "total");
        assertEq(e.remaining, total, "remaining");
    }

    function _newEnvelopes() internal returns (RedEnvelope) {
        return new RedEnvelope(address(timelock), address(forwarder), MAX_SHARES, MIN_SHARE);
    }
}

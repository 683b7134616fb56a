// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ITipping} from "../../../src/tipping/ITipping.sol";

/// Drives Tipping with bounded direct, permit and relayed tips between a fixed set of actors, and records what
/// each actor asked to tip and was tipped. Every call is made inside `try`; a revert is a handler bug.
contract TippingHandler is CommonBase, StdCheats, StdUtils {
    ITipping public immutable tipping;
    IERC20 public immutable coin;
    ERC2771Forwarder public immutable forwarder;
    bytes32 private immutable _forwarderDomainSeparator;

    address[] public actors;
    mapping(address actor => uint256 key) private _keys;
    mapping(address actor => uint256 amount) public tippedBy;
    mapping(address author => uint256 amount) public tippedTo;
    uint256 public reverts;

    constructor(
        ITipping tipping_,
        IERC20 coin_,
        ERC2771Forwarder forwarder_,
        address[] memory actors_,
        uint256[] memory keys
    ) {
        tipping = tipping_;
        coin = coin_;
        forwarder = forwarder_;
        actors = actors_;
        for (uint256 i = 0; i < actors_.length; ++i) {
            _keys[actors_[i]] = keys[i];
        }
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            forwarder_.eip712Domain();
        _forwarderDomainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifyingContract
            )
        );
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    /// A tipper with coins, an author who is someone else, and an amount within the tipper's balance.
    function _pick(uint256 tipperSeed, uint256 authorOffset, uint256 amount)
        private
        view
        returns (address tipper, address author, uint256 bounded)
    {
        uint256 i = tipperSeed % actors.length;
        tipper = actors[i];
        author = actors[(i + 1 + authorOffset % (actors.length - 1)) % actors.length];
        uint256 balance = coin.balanceOf(tipper);
        bounded = balance == 0 ? 0 : _bound(amount, 1, balance);
    }

    function _record(address tipper, address author, uint256 amount) private {
        tippedBy[tipper] += amount;
        tippedTo[author] += amount;
    }

    function tip(uint256 tipperSeed, uint256 authorOffset, uint256 amount, bytes32 messageRef) external {
        (address tipper, address author, uint256 bounded) = _pick(tipperSeed, authorOffset, amount);
        if (bounded == 0) return;
        vm.prank(tipper);
        try tipping.tip(author, bounded, messageRef) {
            _record(tipper, author, bounded);
        } catch {
            ++reverts;
        }
    }

    function tipWithPermit(uint256 tipperSeed, uint256 authorOffset, uint256 amount, bytes32 messageRef) external {
        (address tipper, address author, uint256 bounded) = _pick(tipperSeed, authorOffset, amount);
        if (bounded == 0) return;
        vm.prank(tipper);
        try tipping.tipWithPermit(author, bounded, messageRef, block.timestamp, 27, bytes32(0), bytes32(0)) {
            _record(tipper, author, bounded);
        } catch {
            ++reverts;
        }
    }

    function tipRelayed(uint256 tipperSeed, uint256 authorOffset, uint256 amount, bytes32 messageRef) external {
        (address tipper, address author, uint256 bounded) = _pick(tipperSeed, authorOffset, amount);
        if (bounded == 0) return;
        ERC2771Forwarder.ForwardRequestData memory request = ERC2771Forwarder.ForwardRequestData({
            from: tipper,
            to: address(tipping),
            value: 0,
            gas: 300_000,
            deadline: uint48(block.timestamp),
            data: abi.encodeCall(ITipping.tip, (author, bounded, messageRef)),
            signature: ""
        });
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
                ),
                request.from,
                request.to,
                request.value,
                request.gas,
                forwarder.nonces(tipper),
                request.deadline,
                keccak256(request.data)
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(_keys[tipper], keccak256(abi.encodePacked("\x19\x01", _forwarderDomainSeparator, structHash)));
        request.signature = abi.encodePacked(r, s, v);
        vm.prank(address(uint160(uint256(messageRef)))); // any relayer
        try forwarder.execute(request) {
            _record(tipper, author, bounded);
        } catch {
            ++reverts;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 1 days));
    }
}

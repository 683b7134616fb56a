// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

// PLACEHOLDER so the tree compiles while the real implementation is written; replaced wholesale.
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {IRedEnvelope} from "./IRedEnvelope.sol";

contract RedEnvelope is IRedEnvelope, ERC2771Context, Ownable {
    constructor(address owner_, address forwarder, uint32, uint96) ERC2771Context(forwarder) Ownable(owner_) {}

    function create(IERC20, uint128, uint32, SplitMode, uint64, address, bytes32) external pure returns (uint256) {
        revert("placeholder");
    }

    function createWithPermit(IERC20, uint128, uint32, SplitMode, uint64, address, bytes32, uint256, uint8, bytes32, bytes32)
        external
        pure
        returns (uint256)
    {
        revert("placeholder");
    }

    function claim(uint256, uint64, bytes calldata) external pure returns (uint256) {
        revert("placeholder");
    }

    function refund(uint256) external pure returns (uint256) {
        revert("placeholder");
    }

    function setMaxShares(uint32) external pure {
        revert("placeholder");
    }

    function setMinShare(uint96) external pure {
        revert("placeholder");
    }

    function envelope(uint256) external pure returns (Envelope memory e) {
        return e;
    }

    function hasClaimed(uint256, address) external pure returns (bool) {
        return false;
    }

    function voucherDigest(uint256, address, uint64) external pure returns (bytes32) {
        return bytes32(0);
    }

    function maxShares() external pure returns (uint32) {
        return 0;
    }

    function minShare() external pure returns (uint96) {
        return 0;
    }

    function envelopeCount() external pure returns (uint256) {
        return 0;
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}

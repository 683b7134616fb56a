// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Fixture} from "../utils/Fixture.sol";

/// Gas of the registry's writes as the timelock makes them (run with `--isolate`: each call its own transaction).
contract ReleaseRegistryGasTest is Fixture {
    bytes20 internal constant COMMIT = bytes20(hex"7e9639b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7");

    function test_approveRelease_gas() public {
        vm.prank(address(timelock));
        releases.approveRelease(COMMIT, keccak256("notes"));
        vm.snapshotGasLastCall("approveRelease");
    }

    function test_revokeRelease_gas() public {
        vm.prank(address(timelock));
        releases.approveRelease(COMMIT, keccak256("notes"));
        vm.prank(address(timelock));
        releases.revokeRelease(COMMIT);
        vm.snapshotGasLastCall("revokeRelease");
    }
}

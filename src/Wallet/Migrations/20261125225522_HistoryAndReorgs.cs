using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Wallet.Migrations
{
    /// <inheritdoc />
    public partial class HistoryAndReorgs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BlockHash",
                table: "OutgoingTransfers",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "BlockTime",
                table: "ChainEvents",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_BlockNumber",
                table: "OutgoingTransfers",
                column: "BlockNumber");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingTransfers_TxHash",
                table: "OutgoingTransfers",
                column: "TxHash");

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_ChainId_From",
                table: "ChainEvents",
                columns: new[] { "ChainId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainEvents_TxHash",
                table: "ChainEvents",
                column: "TxHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutgoingTransfers_BlockNumber",
                table: "OutgoingTransfers");

            migrationBuilder.DropIndex(
                name: "IX_OutgoingTransfers_TxHash",
                table: "OutgoingTransfers");

            migrationBuilder.DropIndex(
                name: "IX_ChainEvents_ChainId_From",
                table: "ChainEvents");

            migrationBuilder.DropIndex(
                name: "IX_ChainEvents_TxHash",
                table: "ChainEvents");

            migrationBuilder.DropColumn(
                name: "BlockHash",
                table: "OutgoingTransfers");

            migrationBuilder.DropColumn(
                name: "BlockTime",
                table: "ChainEvents");
        }
    }
}

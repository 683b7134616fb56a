using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Identity.Migrations
{
    /// <inheritdoc />
    public partial class PaymentConfirmations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Terms",
                table: "PendingCeremonies",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Terms",
                table: "PendingCeremonies");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Identity.Migrations
{
    /// <inheritdoc />
    public partial class SessionCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "CredentialId",
                table: "Sessions",
                type: "BLOB",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_CredentialId",
                table: "Sessions",
                column: "CredentialId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_CredentialId",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "CredentialId",
                table: "Sessions");
        }
    }
}

import { AboutSection } from "../components/AboutSection";
import { TokensSection } from "../components/TokensSection";

export function SettingsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <TokensSection />
      <AboutSection />
    </div>
  );
}

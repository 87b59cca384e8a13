#include "hypercare/site/site.hpp"

#include "hypercare/site/inputs.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"

namespace hypercare::site {

core::Status build(const Options& o, Output& out) {
  auto in = HC_TRY(gather(o));
  out.put("style.css", style_sheet());
  dashboard(o, in, out);
  if (o.public_site) return {};
  HC_CHECK(incident_pages(o, in, out));
  rota_pages(o, out);
  report_pages(o, in, out);
  return {};
}

}  // namespace hypercare::site

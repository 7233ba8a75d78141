//! The page a student's join link opens (`/join/`): joining a room and playing a seat, with
//! none of the teacher's screens in its wasm (see `tcpip_animated::teacher`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tcpip_animated::StudentApp);
}
